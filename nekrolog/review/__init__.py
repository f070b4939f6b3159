"""The review screen: a Datasette plugin (``plugin``), the data it shows
(``view``), its labels in Russian and English (``i18n``), and a sample queue
for demos and tests (``sample``). The queue's rules live in ``db.review_queue``."""
