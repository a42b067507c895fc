"""The speech import: a written speech, pasted or uploaded, proposed as opinions.

text (preparing the text), titles, splitter and segments (cutting it into proposals),
departments (naming the departments it asks), docx (reading an upload), services (the
import's steps, saving through opinions.services), forms, review, views on the "speech"
blueprint, cli (`flask parse-speech`). Builds on meetings/ and opinions/, never the reverse.
"""
