"""Documents the platform writes itself: the DOCX and ODT writers
(`office`), the texts of its two conventions (`conventions`) and its
iCalendar feeds (`ical`)."""
