"""Case-extract ingestion: read, check every contract rule, quarantine, load atomically."""
