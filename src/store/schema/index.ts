// The whole schema; drizzle-kit reads this file to generate migrations into drizzle/.
export * from "./auth";
export * from "./outbound";
export * from "./inbound";
export * from "./ops";
export * from "./polling";
export * from "./integrations";
