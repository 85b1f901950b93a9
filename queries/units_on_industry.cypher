// answers: units with assignments in tasks that concern an industry, each unit in its place
// params: industry:text (concept name)
// example: industry=集成电路
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:HAS_ASSIGNMENT]-(t:Task)-[:CONCERNS]->(c)
WHERE c.name = $industry
WITH u, count(DISTINCT a.id) AS assignments
RETURN u.name AS unit, assignments, coalesce(u.place, '') AS place
ORDER BY assignments DESC, unit, place
