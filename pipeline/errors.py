"""One error hierarchy.  Each kind has a stable short code the CLI prints."""
from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""

    code = "E-PIPELINE"

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ReadError(PipelineError):
    """The file could not be read or decoded."""

    code = "E-READ"


class EncodingError(ReadError):
    code = "E-READ-ENCODING"


class UnsupportedFormatError(ReadError):
    code = "E-READ-FORMAT"


class MissingDependencyError(ReadError):
    """A format needs an optional extra that is not installed."""

    code = "E-READ-DEPENDENCY"


class CrashError(ReadError):
    """The process parsing the file died (a crash in native code: SIGSEGV, SIGABRT, or killed)."""

    code = "E-READ-CRASH"


class StructureError(PipelineError):
    """The text was read but is not a notice the parser can structure."""

    code = "E-STRUCTURE"


class ExportError(PipelineError):
    """An output could not be written."""

    code = "E-EXPORT"


class LimitError(PipelineError):
    """An input over one of the configured limits; the message names the limit and its flag."""

    code = "E-LIMIT"

    def __init__(self, message: str, path: str | None = None, code: str | None = None):
        super().__init__(message, path)
        if code:
            self.code = code


class EncryptedError(ReadError):
    """A file that needs a password or a key to be read (an encrypted PDF or OFD)."""

    code = "E-READ-ENCRYPTED"


class EmptyError(ReadError):
    """A file with no pages, or whose pages carry no text to read (and no image to OCR)."""

    code = "E-READ-EMPTY"


class EncryptedPdfError(EncryptedError):
    """A PDF that needs a password (or a security handler pdfium lacks)."""


class DamagedPdfError(ReadError):
    """Bytes that claim to be a PDF but cannot be parsed, even after repair."""

    code = "E-READ-DAMAGED"


class EmptyPdfError(EmptyError):
    """A PDF with no pages, or whose pages carry no text and no image to OCR."""
