// The subject taxonomy as variable-length paths: every subject with every concept above it (skos:broader*).

// name: ancestor_map
MATCH p = (s:Record)-[:REL*1..]->(a:Record)
WHERE s._kind = 'Subject' AND all(r IN relationships(p) WHERE r.kind = 'broader')
RETURN s.id AS subject, collect(DISTINCT a.id) AS ancestors
