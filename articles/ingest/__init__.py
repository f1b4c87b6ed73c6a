"""Wire ingest: agency copy in ninjs or NewsML-G2 becomes Newsdesk articles.

``formats.parse`` turns the bytes of one file into wire items, whatever the
format; ``importer.ingest_files`` stores them as an IngestOptions says, each
item in its own savepoint. The ``ingest`` command, the drop folder and the
admin upload page all call it.
"""
