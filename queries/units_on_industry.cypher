// answers: units with assignments in tasks that concern an industry
// params: industry:text (concept name)
// example: industry=集成电路
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:HAS_ASSIGNMENT]-(t:Task)-[:CONCERNS]->(c)
WHERE c.name = $industry
RETURN u.name AS unit, count(DISTINCT a.id) AS assignments
ORDER BY assignments DESC, unit
