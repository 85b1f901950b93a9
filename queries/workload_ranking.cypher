// answers: units ranked by how many assignments they lead, are responsible for, or cooperate on (each unit in its place)
// params: none
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:LEADS]->(a1:Assignment)
WITH u, count(a1) AS lead
OPTIONAL MATCH (u)-[:RESPONSIBLE_FOR]->(a2:Assignment)
WITH u, lead, count(a2) AS responsible
OPTIONAL MATCH (u)-[:COOPERATES_ON]->(a3:Assignment)
WITH u, lead, responsible, count(a3) AS cooperating
WHERE lead + responsible + cooperating > 0
RETURN u.name AS unit, lead, responsible, cooperating, lead + responsible + cooperating AS total,
       coalesce(u.place, '') AS place
ORDER BY total DESC, lead DESC, unit, place
