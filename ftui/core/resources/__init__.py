"""What an account has, listed for pickers: buckets and folders, roles, networks, keys, graders,
teachers, invocation-log locations; each a page at a time, through one cache per session."""

from ftui.core.resources.pages import DEFAULT_PAGE_SIZE, Choice, Page, PageKey, ResourceCache

__all__ = ["DEFAULT_PAGE_SIZE", "Choice", "Page", "PageKey", "ResourceCache"]
