"""The wizard: a draft request built step by step, checked as it is typed."""
