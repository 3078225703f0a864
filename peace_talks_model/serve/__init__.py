"""`peace-talks serve`: a local data-entry and review app over a directory of record files.

`store` reads and writes the record files (in place, atomic, ETag-checked, formatting kept), `forms` makes the
forms from the models and reads them back, `checking` validates a record being edited with the whole directory,
`pages` draws the HTML, and `app` is the Starlette app with its guard (`create_app`). Needs the `serve` extra.
See docs/serve.md.
"""
