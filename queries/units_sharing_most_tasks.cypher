// answers: pairs of units that appear together on the most assignments (any role)
// params: limit:int (number of pairs)
// example: limit=15
MATCH (u1:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(u2:Unit)
WHERE u1.name < u2.name
WITH u1.name AS unit1, u2.name AS unit2, count(DISTINCT a.id) AS shared
RETURN unit1, unit2, shared
ORDER BY shared DESC, unit1, unit2
LIMIT $limit
