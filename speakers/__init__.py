"""The meeting day's speakers list (发言顺序): who speaks in which order, for how long.

models (SpeakerSlot), services (the list's rules), screen (what the hall's screen shows),
forms, views on the "speakers" blueprint. Builds on meetings/; meetings never imports it
(the list stops its timer through meetings.hooks).
"""
