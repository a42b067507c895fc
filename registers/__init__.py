"""Registers: filtered lists of opinions and replies, and their CSV/XLSX exports."""
