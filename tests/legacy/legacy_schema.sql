-- Test fixture: the slice of the original Express + Prisma database that import_legacy
-- reads, written for these tests in the legacy style (quoted camelCase, text UUID ids,
-- PostgreSQL enums). Booking carries only the columns the old migrations created, so
-- workflow columns such as "currency" and "source" are absent, as in production.
CREATE TYPE "BookingStatus" AS ENUM (
    'SUBMITTED', 'UNDER_REVIEW', 'ACCEPTED', 'REJECTED', 'TERMS_ACCEPTED',
    'DEPOSIT_PAID', 'IN_PROGRESS', 'DELIVERED', 'COMPLETED', 'CANCELLED'
);
CREATE TYPE "ProjectType" AS ENUM (
    'SOFTWARE', 'DATA_ANALYSIS', 'CYBER_SERVICE', 'RESUME', 'DOCUMENT_EDIT', 'OTHER'
);
CREATE TYPE "PaymentProvider" AS ENUM ('STRIPE', 'PAYPAL', 'MPESA', 'OTHER');
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED');

CREATE TYPE "Role" AS ENUM (
    'SUPER_ADMIN', 'ADMIN', 'MANAGER', 'MARKETING', 'DEVELOPER', 'HR', 'STAFF',
    'CONTENT_CREATOR', 'BLOG_MANAGER'
);

CREATE TYPE "ProfileVisibility" AS ENUM ('PRIVATE', 'INTERNAL', 'PUBLIC');
CREATE TYPE "ProductStatus" AS ENUM (
    'PLANNED', 'DEVELOPMENT', 'BETA', 'LIVE', 'MAINTENANCE', 'DEPRECATED'
);
CREATE TYPE "JobStatus" AS ENUM ('DRAFT', 'OPEN', 'CLOSED', 'FILLED', 'ON_HOLD', 'ARCHIVED');
CREATE TYPE "SalaryVisibility" AS ENUM ('HIDDEN', 'RANGE', 'EXACT');

CREATE TABLE "Employee" (
    "id" TEXT PRIMARY KEY,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL UNIQUE,
    "phone" TEXT,
    "role" "Role" NOT NULL DEFAULT 'DEVELOPER',
    "passwordHash" TEXT,
    "username" TEXT UNIQUE,
    "bio" TEXT,
    "avatarUrl" TEXT,
    "publicTitle" TEXT,
    "publicSummary" TEXT,
    "location" TEXT,
    "websiteUrl" TEXT,
    "linkedinUrl" TEXT,
    "twitterUrl" TEXT,
    "githubUrl" TEXT,
    "skills" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "profilePublished" BOOLEAN NOT NULL DEFAULT true,
    "profileVisibility" "ProfileVisibility" NOT NULL DEFAULT 'PUBLIC',
    "department" TEXT,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "profileOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "AppRole" (
    "id" TEXT PRIMARY KEY,
    "key" TEXT NOT NULL UNIQUE,
    "name" TEXT NOT NULL
);

CREATE TABLE "EmployeeRoleAssignment" (
    "id" TEXT PRIMARY KEY,
    "employeeId" TEXT NOT NULL REFERENCES "Employee"("id") ON DELETE CASCADE,
    "roleId" TEXT NOT NULL REFERENCES "AppRole"("id") ON DELETE CASCADE,
    UNIQUE ("employeeId", "roleId")
);

CREATE TABLE "Client" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL UNIQUE,
    "phone" TEXT,
    "org" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Booking" (
    "id" TEXT PRIMARY KEY,
    "clientId" TEXT NOT NULL REFERENCES "Client"("id") ON DELETE CASCADE,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "projectType" "ProjectType" NOT NULL,
    "details" JSONB,
    "status" "BookingStatus" NOT NULL DEFAULT 'SUBMITTED',
    "priceEstimate" DOUBLE PRECISION,
    "assignedToId" TEXT REFERENCES "Employee"("id") ON DELETE SET NULL,
    "termsAcceptedAt" TIMESTAMP(3),
    "depositPaidAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publicReference" TEXT NOT NULL UNIQUE,
    "trackingToken" TEXT NOT NULL UNIQUE
);

CREATE TABLE "File" (
    "id" TEXT PRIMARY KEY,
    "bookingId" TEXT REFERENCES "Booking"("id") ON DELETE CASCADE,
    "ownerType" TEXT NOT NULL,
    "ownerId" TEXT,
    "filename" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedBy" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Payment" (
    "id" TEXT PRIMARY KEY,
    "bookingId" TEXT REFERENCES "Booking"("id") ON DELETE CASCADE,
    "clientId" TEXT,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'KES',
    "provider" "PaymentProvider" NOT NULL,
    "providerId" TEXT NOT NULL UNIQUE,
    "status" "PaymentStatus" NOT NULL,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Testimonial" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "company" TEXT,
    "role" TEXT,
    "text" TEXT NOT NULL,
    "rating" INTEGER,
    "imageUrl" TEXT,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "rejected" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Faq" (
    "id" TEXT PRIMARY KEY,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT 'General',
    "order" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Subscriber" (
    "id" TEXT PRIMARY KEY,
    "email" TEXT NOT NULL UNIQUE,
    "name" TEXT,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "unsubToken" TEXT NOT NULL UNIQUE,
    "subscribedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),
    "unsubscribedAt" TIMESTAMP(3)
);

CREATE TABLE "ContactEnquiry" (
    "id" TEXT PRIMARY KEY,
    "publicReference" TEXT NOT NULL UNIQUE,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "preferredResponseMethod" TEXT NOT NULL DEFAULT 'email',
    "enquiryType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "bookingId" TEXT REFERENCES "Booking"("id") ON DELETE SET NULL,
    "bookingReference" TEXT,
    "organisation" TEXT,
    "source" TEXT,
    "sourcePath" TEXT,
    "status" TEXT NOT NULL DEFAULT 'new',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Content, settings and booking history, from schema.prisma. In production BookingEvent,
-- Industry and Solution were never created by the migrations; the tests drop them to
-- check that absence is reported.
CREATE TABLE "BookingEvent" (
    "id" TEXT PRIMARY KEY,
    "bookingId" TEXT NOT NULL REFERENCES "Booking"("id") ON DELETE CASCADE,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "stage" TEXT,
    "status" "BookingStatus",
    "visibility" TEXT NOT NULL DEFAULT 'customer',
    "actorType" TEXT NOT NULL DEFAULT 'system',
    "actorId" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Note" (
    "id" TEXT PRIMARY KEY,
    "bookingId" TEXT NOT NULL REFERENCES "Booking"("id") ON DELETE CASCADE,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "ServiceCategory" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL UNIQUE,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT,
    "icon" TEXT,
    "order" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE "Service" (
    "id" TEXT PRIMARY KEY,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT 'General',
    "categoryId" TEXT REFERENCES "ServiceCategory"("id") ON DELETE SET NULL,
    "priceFrom" DOUBLE PRECISION,
    "currency" TEXT NOT NULL DEFAULT 'KES',
    "pricing" JSONB,
    "targetAudience" TEXT,
    "scope" TEXT,
    "features" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "images" TEXT[],
    "seoTitle" TEXT,
    "seoDesc" TEXT,
    "authorId" TEXT REFERENCES "Employee"("id"),
    "published" BOOLEAN NOT NULL DEFAULT false,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Project" (
    "id" TEXT PRIMARY KEY,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "images" TEXT[],
    "demoUrl" TEXT,
    "repoUrl" TEXT,
    "techStack" TEXT[],
    "industry" TEXT,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "seoTitle" TEXT,
    "seoDesc" TEXT,
    "authorId" TEXT REFERENCES "Employee"("id") ON DELETE SET NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "BlogCategory" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL UNIQUE,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT
);

CREATE TABLE "BlogPost" (
    "id" TEXT PRIMARY KEY,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "subtitle" TEXT,
    "content" TEXT NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'article',
    "mediaUrl" TEXT,
    "coverImage" TEXT,
    "excerpt" TEXT,
    "seoTitle" TEXT,
    "seoDescription" TEXT,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "categoryId" TEXT REFERENCES "BlogCategory"("id"),
    "authorId" TEXT NOT NULL REFERENCES "Employee"("id"),
    "tags" TEXT[],
    "published" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Product" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "tagline" TEXT,
    "description" TEXT NOT NULL,
    "category" TEXT,
    "logoUrl" TEXT,
    "bannerUrl" TEXT,
    "features" JSONB,
    "pricing" JSONB,
    "screenshots" JSONB,
    "demoUrl" TEXT,
    "status" "ProductStatus" NOT NULL DEFAULT 'DEVELOPMENT',
    "seoTitle" TEXT,
    "seoDesc" TEXT,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "CompanyStat" (
    "id" TEXT PRIMARY KEY,
    "label" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "suffix" TEXT NOT NULL DEFAULT '',
    "valueType" TEXT NOT NULL DEFAULT 'plain',
    "prefix" TEXT NOT NULL DEFAULT '',
    "use_grouping" BOOLEAN,
    "icon" TEXT,
    "description" TEXT,
    "order" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE "JobPosting" (
    "id" TEXT PRIMARY KEY,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "status" "JobStatus" NOT NULL DEFAULT 'DRAFT',
    "department" TEXT,
    "location" TEXT NOT NULL DEFAULT 'Nairobi, Kenya',
    "employmentType" TEXT,
    "workplaceType" TEXT,
    "experienceLevel" TEXT,
    "summary" TEXT,
    "description" TEXT NOT NULL,
    "responsibilities" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "requirements" TEXT[],
    "preferredQualifications" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "technologies" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "salaryMin" INTEGER,
    "salaryMax" INTEGER,
    "salaryCurrency" TEXT NOT NULL DEFAULT 'KES',
    "salaryVisibility" "SalaryVisibility" NOT NULL DEFAULT 'RANGE',
    "openings" INTEGER DEFAULT 1,
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "applicationDeadline" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "type" TEXT NOT NULL DEFAULT 'full-time',
    "benefits" TEXT[],
    "salaryRange" TEXT,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Setting" (
    "key" TEXT PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "AboutSection" (
    "id" TEXT PRIMARY KEY,
    "key" TEXT NOT NULL UNIQUE,
    "title" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "content" JSONB
);

CREATE TABLE "Industry" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT,
    "icon" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE "Solution" (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL UNIQUE,
    "description" TEXT,
    "icon" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true
);
