// The Neo4j store's statements: every one parameterised ($name), none built from strings.
// A record is a node labelled :Record with its id in `id`, its kind in `_kind` and its properties as they are;
// a relationship is (:Record)-[:REL {kind}]->(:Record). A load writes :Staged nodes under its `_load` id, then
// one transaction (publish_*) makes them :Record: readers, who match :Record only, see all of a load or none.

// name: get_node
MATCH (n:Record {id: $id}) RETURN properties(n) AS props

// name: get_nodes
UNWIND $ids AS id
OPTIONAL MATCH (n:Record {id: id})
RETURN id, properties(n) AS props

// name: nodes_of_kind
MATCH (n:Record) WHERE n._kind = $kind RETURN properties(n) AS props

// name: targets
MATCH (:Record {id: $id})-[r:REL]->(m:Record) WHERE r.kind = $edge RETURN m.id AS id ORDER BY id

// name: sources
MATCH (:Record {id: $id})<-[r:REL]-(m:Record) WHERE r.kind = $edge RETURN m.id AS id ORDER BY id

// name: targets_many
UNWIND $ids AS id
OPTIONAL MATCH (:Record {id: id})-[r:REL]->(m:Record) WHERE r.kind = $edge
RETURN id, collect(m.id) AS ids

// name: sources_many
UNWIND $ids AS id
OPTIONAL MATCH (:Record {id: id})<-[r:REL]-(m:Record) WHERE r.kind = $edge
RETURN id, collect(m.id) AS ids

// name: counts
MATCH (n:Record) RETURN n._kind AS kind, count(n) AS count

// name: edges
MATCH (a:Record)-[r:REL]->(b:Record) RETURN a.id AS src, r.kind AS kind, b.id AS dst

// name: drop_staged
MATCH (n:Staged) DETACH DELETE n

// name: stage_nodes
UNWIND $rows AS row
CREATE (n:Staged)
SET n = row

// name: stage_edges
UNWIND $rows AS row
MATCH (a:Staged {id: row.src, _load: $load})
OPTIONAL MATCH (staged:Staged {id: row.dst, _load: $load})
OPTIONAL MATCH (live:Record {id: row.dst})
WITH a, row, coalesce(staged, live) AS b
WHERE b IS NOT NULL
CREATE (a)-[:REL {kind: row.kind}]->(b)

// name: publish_clear
MATCH (n:Record) DETACH DELETE n

// name: publish_move_incoming
MATCH (s:Staged {_load: $load})
MATCH (old:Record {id: s.id})
MATCH (src:Record)-[r:REL]->(old)
CREATE (src)-[:REL {kind: r.kind}]->(s)
DELETE r

// name: publish_drop_replaced
MATCH (s:Staged {_load: $load})
MATCH (old:Record {id: s.id})
DETACH DELETE old

// name: publish_show
MATCH (s:Staged {_load: $load})
REMOVE s:Staged
SET s:Record
REMOVE s._load
RETURN count(s) AS count

// name: log_load
CREATE (:Load {id: $load, at: $at, source: $source, nodes: $nodes, edges: $edges})
