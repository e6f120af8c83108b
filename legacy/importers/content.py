"""Legacy content snippets: testimonials and FAQs. (Pages -- services, blog posts,
projects -- and the Setting rows are not imported yet; see docs/cutover.md.)"""

from cms.models.snippets import Faq, Testimonial
from legacy.runner import SkipRow, TableImporter, aware


class TestimonialImporter(TableImporter):
    table = "Testimonial"
    columns = [
        "id", "name", "company", "role", "text", "rating", "imageUrl", "confirmed",
        "featured", "rejected", "createdAt",
    ]  # fmt: skip
    model = Testimonial

    def apply(self, row, existing):
        if not (row["text"] or "").strip():
            raise SkipRow("no text")
        # The old admin's "confirmed" was the approval that put a quote on the site.
        if row["rejected"]:
            status = Testimonial.Status.REJECTED
        elif row["confirmed"]:
            status = Testimonial.Status.APPROVED
        else:
            status = Testimonial.Status.PENDING
        item = existing or Testimonial()
        item.name = (row["name"] or "")[:120] or "Anonymous"
        item.company = (row["company"] or "")[:120]
        item.role = (row["role"] or "")[:120]
        item.text = row["text"]
        item.rating = min(max(row["rating"] or 5, 1), 5)
        item.status = status
        item.confirmed = bool(row["confirmed"])
        item.featured = bool(row["featured"])
        item.save()
        if row["createdAt"]:
            Testimonial.objects.filter(pk=item.pk).update(created_at=aware(row["createdAt"]))
        if row["imageUrl"]:
            self.ctx.report.note(f"Testimonial {row['id']}: image {row['imageUrl']} not copied")
        return item


class FaqImporter(TableImporter):
    table = "Faq"
    columns = ["id", "question", "answer", "category", "order", "published"]
    model = Faq

    def apply(self, row, existing):
        if row["published"] is False:
            raise SkipRow("unpublished (FAQs here have no draft state)")
        if not (row["question"] or "").strip():
            raise SkipRow("no question")
        faq = existing or Faq()
        faq.question = row["question"][:255]
        faq.answer = row["answer"] or ""
        faq.category = (row["category"] or "")[:80]
        faq.sort_order = row["order"] or 0
        faq.save()
        return faq
