"""One module per ``nekrolog`` command; each exposes ``command``."""
