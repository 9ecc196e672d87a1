/** What a first visit shows: the Authorization header to fill in, and a note on how to get a token. Pure. */

export const DEFAULT_HEADERS = `${JSON.stringify({ Authorization: 'Bearer <accessToken from signUp or signIn>' }, null, 2)}\n`;

export const DEFAULT_QUERY = `# The Beta Services Gateway's API. Ctrl-Enter runs the query; "Docs" lists every type and field.
#
# To act as an account: run signUp (or signIn) with the mutation below, copy the accessToken of
# its answer into the Headers tab ("Authorization": "Bearer eyJ…"), then run queries such as
# { me { id email channel } }. While the header still holds the <placeholder>, requests go
# without it (anonymous). An access token lives 15 minutes: sign in again for a new one.
#
# mutation SignUp {
#   signUp(input: { email: "you@example.org", password: "a long passphrase", displayName: "You" }) {
#     accessToken
#   }
# }
#
# With TRUSTED_DOCUMENTS_ONLY=true (production), queries typed here run only for staff tokens.

query Agreements {
  agreements {
    kind
    required
    currentVersion { version }
  }
}
`;
