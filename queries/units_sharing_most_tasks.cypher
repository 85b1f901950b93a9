// answers: pairs of units that appear together on the most assignments (any role), each unit in its place
// params: limit:int (number of pairs)
// example: limit=15
MATCH (u1:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(u2:Unit)
WHERE u1.name < u2.name OR (u1.name = u2.name AND u1.id < u2.id)
WITH u1, u2, count(DISTINCT a.id) AS shared
RETURN u1.name AS unit1, coalesce(u1.place, '') AS place1, u2.name AS unit2, coalesce(u2.place, '') AS place2, shared
ORDER BY shared DESC, unit1, place1, unit2, place2
LIMIT $limit
