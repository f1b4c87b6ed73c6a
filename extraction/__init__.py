"""Suggested quotes and tolls, found in an article's copy, for editors to accept or dismiss."""
