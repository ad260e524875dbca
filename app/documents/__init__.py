"""Documents the platform writes itself: the DOCX and ODT writers
(`office`) and the texts of its two conventions (`conventions`)."""
