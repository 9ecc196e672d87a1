  {{name}}:
    <<: *app
    command: ["node", "--enable-source-maps", "dist/subgraphs/{{name}}/main.js"]
    environment:
      <<: *common-env
      SUBGRAPH_HOST: 0.0.0.0
      {{NAME}}_PORT: "{{port}}"
      {{NAME}}_DATABASE_URL: postgres://{{name}}:${{{NAME}}_DB_PASSWORD:?set {{NAME}}_DB_PASSWORD in the env file}@{{name}}-db:5432/{{database}}
    healthcheck:
      <<: *subgraph-healthcheck
      test: ["CMD", "node", "dist/platform/probe.js", "http://127.0.0.1:{{port}}/readyz"]
    depends_on:
      {{name}}-db: { condition: service_healthy }

