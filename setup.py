"""The one thing setup.cfg cannot say: the optional C loop over a PDF page's characters
(pipeline/read/pdfium_chars.c).  ``optional=True``: where no C compiler or Python headers are,
the install goes on without it and the reader keeps its ctypes loop (same answers, slower)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("pipeline.read.pdfium_chars", ["pipeline/read/pdfium_chars.c"], optional=True)])
