"""The dashboard: counts, rates and trends per year and per meeting."""
