// answers: units with assignments in tasks that concern an industry, each unit in its place; role: lead, responsible or cooperating (several comma-separated; empty for any role)
// params: industry:text (concept name); role:text (lead, responsible or cooperating, comma-separated, or empty for any role)
// example: industry=集成电路;role=
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:HAS_ASSIGNMENT]-(t:Task)-[:CONCERNS]->(c)
WHERE c.name = $industry AND ($role = '' OR $role CONTAINS r.role)
WITH u, count(DISTINCT a.id) AS assignments
RETURN u.name AS unit, assignments, coalesce(u.place, '') AS place
ORDER BY assignments DESC, unit, place
