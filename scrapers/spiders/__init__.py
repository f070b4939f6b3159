"""nekrolog's spiders: one per file. ``news``, ``telegram``, ``vk`` and ``memorial``
are generic and driven by ``sources.toml``; custom spiders for odd sites subclass
``scrapers.spiders.base.SourceSpider`` (see docs/spiders.md)."""
