"""What PDF/A-2b (ISO 19005-2, level b) asks of a file beyond what ReportLab writes, for every PDF Koers makes
for a resident: the letters (and their printer batch), the research report and the printed plan.

- Every stream has an end-of-line marker before `endstream` that /Length does not count (§ 6.1.7.1).
  ReportLab writes the data straight up to the keyword; `install` wraps its stream writer once per process.
- The Info dictionary has no /Trapped, and the XMP packet no pdf:Trapped: PDF/A-2's predefined pdf schema
  does not define it (the validator refuses it), and Info and XMP must agree.
- An XMP packet with pdfaid part 2 / conformance B mirrors the Info dictionary; an sRGB OutputIntent
  (LittleCMS's built-in profile through Pillow) allows DeviceRGB; the document dates are the letter date,
  00:00 UTC, so the same content gives the same bytes on any day.

Checked, not claimed: tests/unit/test_pdfa.py runs the independent validator `page` (PyPI page-validation,
profile 2b) and pikepdf's own structure check on every letter kind, the research report and the plan.
Leans on ReportLab internals (stream and Info formatting, the catalog's key list, the document timestamp).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

_ENDSTREAM = b"endstream\n"
_stream_format = pdfdoc.PDFStream.format


def _eol_before_endstream(self: pdfdoc.PDFStream, document: pdfdoc.PDFDocument) -> bytes:
    out: bytes = _stream_format(self, document)
    if not out.endswith(_ENDSTREAM):  # pragma: no cover - a ReportLab upgrade changed the writer: fail loudly
        raise RuntimeError("ReportLab schrijft streams anders dan Koers verwacht; PDF/A is niet gegarandeerd.")
    return out[:-len(_ENDSTREAM)] + b"\n" + _ENDSTREAM


def install() -> None:
    """Idempotent: every ReportLab stream from now on ends with the EOL PDF/A asks for."""
    if pdfdoc.PDFStream.format is not _eol_before_endstream:
        pdfdoc.PDFStream.format = _eol_before_endstream  # type: ignore[method-assign]


class _PdfaInfo(pdfdoc.PDFInfo):
    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        when = pdfdoc.PDFDate(ts=document._timeStamp,  # type: ignore[attr-defined]  # ReportLab private API
                              dateFormatter=self._dateFormatter)  # type: ignore[attr-defined]  # no stub
        return pdfdoc.PDFDictionary({
            "Title": pdfdoc.PDFString(self.title), "Author": pdfdoc.PDFString(self.author),
            "CreationDate": when, "ModDate": when,
            "Producer": pdfdoc.PDFString(self.producer), "Creator": pdfdoc.PDFString(self.creator),
            "Subject": pdfdoc.PDFString(self.subject), "Keywords": pdfdoc.PDFString(self.keywords),
        }).format(document)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """LittleCMS's built-in sRGB profile, with its creation date fixed so the PDF stays deterministic."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00; no profile ID set
    return bytes(data)


def _xmp_date(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"


def _xmp(info: pdfdoc.PDFInfo, day: date) -> bytes:
    """The XMP packet; every value mirrors the Info dictionary, as PDF/A requires."""
    def e(value: str) -> str:
        return escape(value, {'"': "&quot;"})

    when = _xmp_date(day)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{e(info.producer)}</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


class _FixedTime:
    """Stands in for ReportLab's TimeStamp: the document dates become the letter date, 00:00 UTC."""

    def __init__(self, day: date):
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
        self.dhh = self.dmm = 0


def make_pdfa(canvas: Canvas, day: date) -> None:
    install()
    doc = canvas._doc  # type: ignore[attr-defined]  # ReportLab private API, no stub
    doc._timeStamp = _FixedTime(day)
    doc.info.__class__ = _PdfaInfo  # the Info dictionary without /Trapped
    catalog = doc.Catalog
    catalog.Metadata = pdfdoc.XMP(creator=lambda d: _xmp(d.info, day))  # unfiltered: no stream filters
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile(), filters=[pdfdoc.PDFZCompress])
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "Info": pdfdoc.PDFString("sRGB IEC61966-2.1"),
        "DestOutputProfile": profile,  # a stream: ReportLab writes it as an indirect object
    })
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    # PDFCatalog writes only the keys it lists; extend that list for this instance.
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
