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

CREATE TABLE "Employee" (
    "id" TEXT PRIMARY KEY,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL UNIQUE,
    "phone" TEXT,
    "role" "Role" NOT NULL DEFAULT 'DEVELOPER',
    "passwordHash" TEXT,
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
