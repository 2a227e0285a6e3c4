"""The outputs a batch can write (kept apart so the CLI reads them without importing the pipeline)."""

FORMATS = ("json", "csv", "xlsx", "sqlite", "parquet", "html")
DEFAULT_FORMATS = ("json", "csv", "xlsx")  # quick and useful; html (review pages) on request
