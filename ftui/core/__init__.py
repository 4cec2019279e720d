"""The domain: requests, catalog, profiles, settings and AWS calls. Never imports Textual."""
