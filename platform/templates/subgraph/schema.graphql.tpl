extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

"""
ISO-8601 date and time in UTC.
"""
scalar DateTime

"""
What the {{name}} subgraph keeps for one account. An example (written by `npm run new-subgraph`):
replace it with the experiment's own data.
"""
type {{Name}}State {
  "The account's note: plain text, trimmed, at most {{maxNoteLength}} characters (display it as text, never as HTML). Null until it sets one."
  note: String
  "When the note was last set; null until then."
  updatedAt: DateTime
}

type Account @key(fields: "id") {
  id: ID!
  """
  The account's state in the {{name}} experiment. Only the account itself may read it. Null, with
  a SERVICE_UNAVAILABLE error whose path points here, while the {{name}} service cannot answer.
  """
  {{name}}: {{Name}}State
}

type Mutation {
  "Sets the signed-in account's {{name}} note (replacing the one it had)."
  set{{Name}}Note(text: String!): {{Name}}State!
}
