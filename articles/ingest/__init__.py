"""Wire ingest: agency copy in ninjs or NewsML-G2 becomes Newsdesk articles.

``formats.parse`` turns the bytes of one file into wire items, whatever the
format; ``importer.ingest_files`` stores them, each item in its own
transaction. The ``ingest`` command and the admin upload page both call it.
"""
