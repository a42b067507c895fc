"""The office's own settings: its name, addressee, 版记, issue numbers and default deadline."""
