// Neo4j 5 schema, created idempotently by `dutygraph init`: ids unique across all records, and indexes on
// what the queries filter on. (Schema statements are the one part the openCypher test engine does not run.)

// name: constraint_record_id
CREATE CONSTRAINT record_id IF NOT EXISTS FOR (n:Record) REQUIRE n.id IS UNIQUE

// name: index_record_kind
CREATE INDEX record_kind IF NOT EXISTS FOR (n:Record) ON (n._kind)

// name: index_staged_load
CREATE INDEX staged_load IF NOT EXISTS FOR (n:Staged) ON (n._load, n.id)

// name: index_record_region
CREATE INDEX record_region IF NOT EXISTS FOR (n:Record) ON (n.region)

// name: index_record_level
CREATE INDEX record_level IF NOT EXISTS FOR (n:Record) ON (n.level)

// name: index_record_valid_from
CREATE INDEX record_valid_from IF NOT EXISTS FOR (n:Record) ON (n.valid_from)

// name: index_rel_kind
CREATE INDEX rel_kind IF NOT EXISTS FOR ()-[r:REL]-() ON (r.kind)
