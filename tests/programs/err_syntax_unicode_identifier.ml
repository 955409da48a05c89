// Identifiers are ASCII letters, digits and underscores.
café = 1;
