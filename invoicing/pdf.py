"""The document as a PDF (fpdf2, built-in Helvetica: no font files, no system libraries).

The built-in fonts only cover Latin-1; other characters are replaced rather than failing
the render (names with such characters still appear, with '?' in their place)."""

from invoicing.models import Document, DocumentType, LineTreatment

TITLES = {
    DocumentType.INVOICE: "TAX INVOICE",
    DocumentType.RECEIPT: "RECEIPT",
    DocumentType.CREDIT_NOTE: "CREDIT NOTE",
}


def _latin1(text) -> str:
    return str(text or "").encode("latin-1", "replace").decode("latin-1")


def _rate(rate) -> str:
    return f"{rate.normalize():f}%"


def _line_vat(line) -> str:
    """The line's VAT column: the rate, or what makes it untaxed."""
    if line.vat_treatment == LineTreatment.EXEMPT:
        return "Exempt"
    if line.vat_treatment == LineTreatment.ZERO_RATED:
        return "0% zero"
    return _rate(line.vat_rate)


_SUMMARY_ORDER = [LineTreatment.STANDARD, LineTreatment.ZERO_RATED, LineTreatment.EXEMPT]


def vat_summary(lines) -> list[tuple[str, int, int | None]]:
    """(label, net, VAT) per treatment (standard per rate, highest first): exempt supplies
    carry no VAT at all (None), zero-rated ones VAT at 0."""
    groups: dict[tuple, list[int]] = {}
    for line in lines:
        rate = line.vat_rate if line.vat_treatment == LineTreatment.STANDARD else None
        group = groups.setdefault((line.vat_treatment, rate), [0, 0])
        group[0] += line.net_minor
        group[1] += line.vat_minor
    rows = []
    for (treatment, rate), (net, vat) in sorted(
        groups.items(), key=lambda item: (_SUMMARY_ORDER.index(item[0][0]), -(item[0][1] or 0))
    ):
        if treatment == LineTreatment.STANDARD:
            rows.append((f"Standard-rated {_rate(rate)}", net, vat))
        elif treatment == LineTreatment.ZERO_RATED:
            rows.append(("Zero-rated 0%", net, vat))
        else:
            rows.append(("Exempt (no VAT)", net, None))
    return rows


def render_pdf(document: Document, *, compress: bool = True) -> bytes:
    # Imported here: fpdf2 and fontTools are ~480 modules (0.6 s) that every Django process
    # (web server, consumer, commands) would load at start-up for a rare PDF render.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"{TITLES[document.doc_type]} {document.number}"))
    pdf.set_author(_latin1(document.seller.get("legal_name")))
    pdf.add_page()
    seller, buyer = document.seller, document.buyer

    def text(value, *, size=10, style="", height=5, align="L", width=0):
        pdf.set_font("Helvetica", style, size)
        pdf.cell(width, height, _latin1(value), align=align, new_x="LMARGIN", new_y="NEXT")

    text(seller.get("site_name"), size=16, style="B", height=8)
    text(seller.get("legal_name"))
    for line in (seller.get("address") or "").splitlines():
        text(line)
    if seller.get("kra_pin"):
        text(f"KRA PIN: {seller['kra_pin']}")
    if seller.get("vat_number"):
        text(f"VAT No: {seller['vat_number']}")
    pdf.ln(4)
    text(TITLES[document.doc_type], size=14, style="B", height=8)
    text(f"Number: {document.number}")
    text(f"Date: {document.issued_at:%d %b %Y}")
    text(f"Currency: {document.currency}")
    if document.corrects_id:
        text(f"Corrects: {document.corrects.number}")
    if document.provider:
        text(f"Paid with: {document.provider}   Reference: {document.reference}")
    pdf.ln(4)
    text("Bill to", style="B")
    text(buyer.get("name"))
    if buyer.get("organisation"):
        text(buyer["organisation"])
    if buyer.get("tax_pin"):
        text(f"PIN: {buyer['tax_pin']}")
    text(buyer.get("email"))
    pdf.ln(4)

    widths = (76, 12, 22, 26, 26, 28)
    pdf.set_font("Helvetica", "B", 9)
    for width, title in zip(
        widths, ("Description", "Qty", "VAT", "Net", "VAT amt", "Gross"), strict=True
    ):
        pdf.cell(width, 6, title, border="B", align="L" if title == "Description" else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    lines = list(document.lines.all())
    for line in lines:
        cells = (
            line.description[:56],
            str(line.quantity),
            _line_vat(line),
            document.money(line.net_minor),
            document.money(line.vat_minor),
            document.money(line.gross_minor),
        )
        for index, (width, value) in enumerate(zip(widths, cells, strict=True)):
            pdf.cell(width, 6, _latin1(value), align="L" if index == 0 else "R")
        pdf.ln()
    pdf.ln(2)
    # VAT summary: zero-rated and exempt supplies are reported apart (KRA returns do).
    pdf.set_font("Helvetica", "B", 9)
    summary_label = sum(widths[:3])
    pdf.cell(summary_label, 6, "VAT summary", border="B")
    for width, title in zip(widths[3:5], ("Net", "VAT"), strict=True):
        pdf.cell(width, 6, title, border="B", align="R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for label, net, vat_minor in vat_summary(lines):
        pdf.cell(summary_label, 6, label)
        pdf.cell(widths[3], 6, document.money(net), align="R")
        pdf.cell(widths[4], 6, "no VAT" if vat_minor is None else document.money(vat_minor),
                 align="R", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    label_width = sum(widths[:-1])
    for label, minor in (
        ("Net", document.net_minor),
        ("VAT", document.vat_minor),
        ("Total", document.gross_minor),
    ):
        pdf.set_font("Helvetica", "B" if label == "Total" else "", 10)
        pdf.cell(label_width, 6, label, align="R")
        pdf.cell(widths[-1], 6, document.money(minor), align="R", new_x="LMARGIN", new_y="NEXT")
    if document.amount_due_minor is not None:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(label_width, 6, "Deposit due now", align="R")
        pdf.cell(
            widths[-1], 6, document.money(document.amount_due_minor), align="R",
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
    pdf.ln(6)
    convention = "include" if document.prices_include_vat else "exclude"
    text(f"Prices {convention} VAT. Amounts are rounded per line.", size=8)
    if document.doc_type == DocumentType.CREDIT_NOTE:
        text("This credit note reduces the amount paid on the receipt it corrects.", size=8)
    return bytes(pdf.output())
