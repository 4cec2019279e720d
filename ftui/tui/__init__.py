"""The Textual app. Widgets show state and post messages; AWS calls go through ftui.core."""
