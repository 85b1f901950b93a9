// answers: industries, chains and clusters ranked by how many tasks concern them
// params: none
MATCH (t:Task)-[:CONCERNS]->(c)
RETURN c.name AS concept, count(DISTINCT t.id) AS tasks
ORDER BY tasks DESC, concept
