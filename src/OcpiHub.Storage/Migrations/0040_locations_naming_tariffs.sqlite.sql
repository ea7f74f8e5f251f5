-- The Tariffs each Location's connectors name (tariff_ids), one a row, the id upper-cased as object keys are: a change
-- of a Tariff finds the Locations naming it by index, where it read every body of the owner's Locations (Server's
-- LocationsNamingTariffs; a new Tariff against 100,000 Locations took 0.45 s, docs/benchmarks.md). Written by the
-- store with every write of a Location that changes what it names (Storage's TariffNamingIndex); filled here from the
-- Locations stored, upper-cased by the database's UPPER, which writes ASCII letters as StoredObject.KeyOf does (others
-- only on PostgreSQL, by its locale, which may differ: a Turkish one writes i as İ): a Location stored before naming
-- an id with such letters (2.1.1 ids are not CiStrings) is found by that id only once its tariff_ids change. Nodes of an older build write Locations
-- without it (docs/operations.md). Same statements as the PostgreSQL file but each database's JSON.
CREATE TABLE locations_naming_tariffs (
    owner       TEXT NOT NULL,
    object_key  TEXT NOT NULL,
    tariff_key  TEXT NOT NULL,
    PRIMARY KEY (owner, object_key, tariff_key)
);
CREATE INDEX locations_naming_tariffs_by_tariff ON locations_naming_tariffs (owner, tariff_key, object_key);

INSERT INTO locations_naming_tariffs (owner, object_key, tariff_key)
    SELECT DISTINCT o.owner, o.object_key, UPPER(t.value)
    FROM objects o, json_each(o.body, '$.evses') e, json_each(e.value, '$.connectors') c, json_each(c.value, '$.tariff_ids') t
    WHERE o.module = 'Locations' AND t.type = 'text';
