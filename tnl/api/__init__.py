"""The public read-only JSON API (/api/v1/): the published editions, their results and each
labelled body's history. Reads only the published snapshot (`Release`, `PublishedResult`)."""
