/** Row ids: random UUIDs. Unguessable, so an id says nothing about another workspace's data. */
export const newId = () => crypto.randomUUID();
