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

// name: targets_by_source
MATCH (a:Record)-[r:REL]->(b:Record) WHERE r.kind = $edge
RETURN a.id AS id, collect(b.id) AS ids

// name: sources_by_target
MATCH (a:Record)-[r:REL]->(b:Record) WHERE r.kind = $edge
RETURN b.id AS id, collect(a.id) AS ids

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

// name: competences_as_of
MATCH (c:Record) WHERE c._kind IN ['Duty', 'Power']
OPTIONAL MATCH (c)-[r1:REL]->(p:Record) WHERE r1.kind = 'inProvision'
OPTIONAL MATCH (p)-[r2:REL]->(po:Record) WHERE r2.kind = 'provisionOf'
OPTIONAL MATCH (c)-[r3:REL]->(pw:Record) WHERE r3.kind = 'powerOf'
WITH c, p, coalesce(po, pw) AS original
WHERE original IS NOT NULL
OPTIONAL MATCH (t:Record)-[rt:REL]->(c) WHERE rt.kind = 'transferred' AND t.date <= $date
OPTIONAL MATCH (t)-[rto:REL]->(dest:Record) WHERE rto.kind = 'toOrganization'
WITH c, p, original, t, dest ORDER BY t.date, t.id
WITH c, p, original, collect(CASE WHEN t IS NULL OR dest IS NULL THEN NULL ELSE [t.id, dest.id] END) AS moves
OPTIONAL MATCH (c)-[rs:REL]->(s:Record) WHERE rs.kind = 'subject'
WITH c, p, original, moves, collect(DISTINCT s.id) AS subjects
OPTIONAL MATCH (c)-[ra:REL]->(a:Record) WHERE ra.kind = 'action'
RETURN c.id AS id, original.id AS original, p.title AS provision_title,
       (p IS NULL OR ((p.valid_from IS NULL OR p.valid_from <= $date) AND (p.valid_to IS NULL OR $date < p.valid_to))) AS provision_valid,
       moves, subjects, collect(DISTINCT a.id) AS actions

// name: reporting_lines
// The reporting line (reportsTo*) above each post, through posts in force on the date only.
UNWIND $ids AS start
MATCH p = (s:Record {id: start})-[:REL*1..]->(b:Record)
WHERE all(r IN relationships(p) WHERE r.kind = 'reportsTo')
  AND all(n IN nodes(p) WHERE n.id = start
          OR ((n.valid_from IS NULL OR n.valid_from <= $date) AND (n.valid_to IS NULL OR $date < n.valid_to)))
RETURN start, [n IN nodes(p) WHERE n.id <> start | n.id] AS chain
