  {{name}}-db:
    <<: *postgres
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_ADMIN_PASSWORD:?set POSTGRES_ADMIN_PASSWORD in the env file}
      APP_ROLE: {{name}}
      APP_DATABASE: {{database}}
      APP_PASSWORD: ${{{NAME}}_DB_PASSWORD:?set {{NAME}}_DB_PASSWORD in the env file}
    volumes: ["{{name}}-data:/var/lib/postgresql", "./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/10-app-role.sh:ro"]
