import { {{Name}}Init{{migrationTime}} } from './{{migrationTime}}-{{Name}}Init';

/** In the order they run; add new migrations at the end. */
export const {{name}}Migrations = [{{Name}}Init{{migrationTime}}];
