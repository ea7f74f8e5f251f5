-- The Locations that may be unpublished, one a row: the only Locations a reader may be refused. A client's offset is
-- skipped in the page index and only these rows before it are read, to count those the reader may not see; the
-- X-Total-Count of Locations is the index's count less those it may not see among these. Both read every Location
-- before the offset, or all, before (Server's VisibleObjects; an offset of 99,900 took 157 to 169 ms, docs/benchmarks.md).
-- Written by the store with every write of a Location, from the body's text (Storage's
-- UnpublishedLocations, by Core's Visibility.MayBeUnpublished, which may also hold a published one); filled here
-- with those stored unpublished. A row missing (a node of an older build wrote the Location, docs/operations.md)
-- moves an offset or a count by one, never what a reader sees (every row read is still checked for its reader),
-- until the Location's next write.
-- Same statements as the PostgreSQL file but each database's JSON.
CREATE TABLE unpublished_locations (
    owner       TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    PRIMARY KEY (owner, object_key)
);

INSERT INTO unpublished_locations (owner, object_key)
    SELECT owner, object_key FROM objects WHERE module = 'Locations' AND json_extract(body, '$.publish') = 0;
