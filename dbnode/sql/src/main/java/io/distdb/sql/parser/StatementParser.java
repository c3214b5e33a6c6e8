package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.FromItem;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.ast.CopyOptions;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Statements and queries, by recursive descent over the {@link TokenStream}; expressions are the
 * {@link ExpressionParser}'s. Each decision looks at the next token or two (a run of opening parentheses in
 * FROM is read once, without going back), so parsing time is linear in the length of the statement.
 */
final class StatementParser {

    private static final Set<String> UNSUPPORTED_STATEMENTS = Set.of("grant", "revoke", "prepare",
            "execute", "deallocate", "listen", "notify", "unlisten", "vacuum", "analyze", "analyse", "savepoint",
            "release", "lock", "comment", "reset", "discard", "do", "call", "merge", "reindex", "cluster",
            "declare", "fetch", "close", "move", "checkpoint", "refresh", "security", "reassign", "import", "load");

    private final TokenStream ts;
    private final ExpressionParser expr;
    /** Set by INSERT for its VALUES rows, the one place {@code DEFAULT} may stand for a value. */
    private boolean defaultAllowed;

    StatementParser(TokenStream ts, ExpressionParser expr) {
        this.ts = ts;
        this.expr = expr;
    }

    static boolean startsQuery(Token t) {
        return t.isWord("select") || t.isWord("with") || t.isWord("values") || t.isWord("table");
    }

    /** Whether the token continues a query after a parenthesized first part: a set operation or a tail clause. */
    static boolean continuesQuery(Token t) {
        return t.isWord("union") || t.isWord("intersect") || t.isWord("except") || t.isWord("order")
                || t.isWord("limit") || t.isWord("offset") || t.isWord("fetch");
    }

    // ---------------------------------------------------------------- statements

    Statement statement() {
        Token t = ts.peek();
        if (t.type() == TokenType.LPAREN || startsQuery(t)) {
            return queryStatement();
        }
        if (t.type() != TokenType.WORD) {
            throw ts.error();
        }
        return switch (t.text()) {
            case "insert" -> insert();
            case "update" -> update();
            case "delete" -> delete();
            case "create" -> create();
            case "drop" -> drop();
            case "alter" -> alter();
            case "truncate" -> truncate();
            case "begin", "start" -> begin();
            case "commit", "end" -> endTransaction(Statement.Transaction.Kind.COMMIT);
            case "rollback", "abort" -> endTransaction(Statement.Transaction.Kind.ROLLBACK);
            case "set" -> set();
            case "show" -> show();
            case "explain" -> explain();
            case "copy" -> copy();
            default -> {
                if (UNSUPPORTED_STATEMENTS.contains(t.text())) {
                    throw SqlErrors.unsupported(t.text().toUpperCase());
                }
                throw ts.error();
            }
        };
    }

    private Statement queryStatement() {
        return new Statement.QueryStatement(query());
    }

    private Statement explain() {
        ts.next();
        boolean analyze = false;
        if (ts.at(TokenType.LPAREN)) {
            ts.next();
            do {
                Token option = ts.peek();
                String name = ts.label();
                boolean on = true;
                Token value = ts.peek();
                if (value.type() == TokenType.WORD || value.type() == TokenType.STRING
                        || value.type() == TokenType.INTEGER) {
                    String v = value.text().toLowerCase();
                    if (!Set.of("true", "on", "1", "false", "off", "0").contains(v)) {
                        throw SqlErrors.unsupported("EXPLAIN option " + name.toUpperCase() + " " + value.text());
                    }
                    ts.next();
                    on = Set.of("true", "on", "1").contains(v);
                }
                switch (name) {
                    case "analyze", "analyse" -> analyze = on;
                    case "verbose", "costs" -> {
                    }
                    default -> throw SqlErrors.unsupported("EXPLAIN option " + ts.text(option).toUpperCase());
                }
            } while (ts.accept(TokenType.COMMA));
            ts.expect(TokenType.RPAREN);
        } else {
            analyze = ts.acceptWord("analyze") || ts.acceptWord("analyse");
            ts.acceptWord("verbose");
        }
        Token t = ts.peek();
        Statement statement;
        if (t.type() == TokenType.LPAREN || startsQuery(t)) {
            statement = queryStatement();
        } else if (t.isWord("insert")) {
            statement = insert();
        } else if (t.isWord("update")) {
            statement = update();
        } else if (t.isWord("delete")) {
            statement = delete();
        } else {
            throw ts.error();
        }
        return new Statement.Explain(statement, analyze);
    }

    // ---- DML

    private Statement insert() {
        Token start = ts.next();
        ts.expectWord("into");
        String table = qualifiedName();
        if (ts.atWord("as")) {
            throw SqlErrors.unsupported("An alias for the INSERT target");
        }
        List<String> columns = List.of();
        if (ts.at(TokenType.LPAREN) && !startsQuery(ts.peek(1)) && ts.peek(1).type() != TokenType.LPAREN) {
            ts.next();
            columns = identifierList();
            ts.expect(TokenType.RPAREN);
        }
        if (ts.atWord("overriding")) {
            throw SqlErrors.unsupported("OVERRIDING");
        }
        Query source = null;
        if (ts.atWord("default") && ts.peek(1).isWord("values")) {
            ts.next();
            ts.next();
        } else {
            if (!startsQuery(ts.peek()) && !ts.at(TokenType.LPAREN)) {
                throw ts.error();
            }
            defaultAllowed = true;
            source = query();
            defaultAllowed = false;
        }
        Statement.OnConflict onConflict = null;
        if (ts.atWord("on")) {
            ts.next();
            ts.expectWord("conflict");
            onConflict = onConflict();
        }
        return new Statement.Insert(table, columns, source, onConflict, returning(), start.start());
    }

    private Statement.OnConflict onConflict() {
        List<String> target = List.of();
        if (ts.accept(TokenType.LPAREN)) {
            target = identifierList();
            ts.expect(TokenType.RPAREN);
            if (ts.atWord("where")) {
                throw SqlErrors.unsupported("ON CONFLICT with a WHERE on the target");
            }
        } else if (ts.atWord("on")) {
            throw SqlErrors.unsupported("ON CONFLICT ON CONSTRAINT");
        }
        ts.expectWord("do");
        if (ts.acceptWord("nothing")) {
            return new Statement.OnConflict(target, true, List.of(), null);
        }
        ts.expectWord("update");
        ts.expectWord("set");
        List<Statement.Assignment> set = assignments();
        Expr where = ts.acceptWord("where") ? expr.parse() : null;
        return new Statement.OnConflict(target, false, set, where);
    }

    private Statement update() {
        Token start = ts.next();
        if (ts.atWord("only")) {
            ts.next();
        }
        FromItem.Table table = targetTable("set");
        ts.expectWord("set");
        List<Statement.Assignment> set = assignments();
        if (ts.atWord("from")) {
            throw SqlErrors.unsupported("UPDATE ... FROM");
        }
        Expr where = where();
        return new Statement.Update(table, set, where, returning(), start.start());
    }

    private Statement delete() {
        Token start = ts.next();
        ts.expectWord("from");
        if (ts.atWord("only")) {
            ts.next();
        }
        FromItem.Table table = targetTable(null);
        if (ts.atWord("using")) {
            throw SqlErrors.unsupported("DELETE ... USING");
        }
        Expr where = where();
        return new Statement.Delete(table, where, returning(), start.start());
    }

    private Expr where() {
        if (!ts.acceptWord("where")) {
            return null;
        }
        if (ts.atWord("current") && ts.peek(1).isWord("of")) {
            throw SqlErrors.unsupported("WHERE CURRENT OF");
        }
        return expr.parse();
    }

    /** The table of UPDATE or DELETE with an optional alias; {@code notAlias} is a word that ends it instead. */
    private FromItem.Table targetTable(String notAlias) {
        Token start = ts.peek();
        List<String> name = nameParts();
        String alias = null;
        if (ts.acceptWord("as")) {
            alias = ts.identifier();
        } else if (TokenStream.isIdentifier(ts.peek()) && !(notAlias != null && ts.atWord(notAlias))) {
            alias = ts.identifier();
        }
        return new FromItem.Table(name.size() > 1 ? name.get(0) : null, name.get(name.size() - 1), alias, List.of(),
                start.start());
    }

    private List<Statement.Assignment> assignments() {
        List<Statement.Assignment> set = new ArrayList<>();
        do {
            if (ts.at(TokenType.LPAREN)) {
                throw SqlErrors.unsupported("Multiple-column assignment (a, b) = (...)");
            }
            String column = ts.identifier();
            if (ts.at(TokenType.DOT) || ts.at(TokenType.LBRACKET)) {
                throw SqlErrors.unsupported("Assigning to a field or element of a column");
            }
            ts.expectOperator("=");
            Token value = ts.peek();
            if (value.isWord("default")) {
                ts.next();
                set.add(new Statement.Assignment(column, new Expr.Default(value.start())));
            } else {
                set.add(new Statement.Assignment(column, expr.parse()));
            }
        } while (ts.accept(TokenType.COMMA));
        return set;
    }

    private List<Query.SelectItem> returning() {
        if (!ts.acceptWord("returning")) {
            return List.of();
        }
        return selectItems();
    }

    // ---- DDL

    private Statement create() {
        ts.next();
        if (ts.atWord("or")) {
            ts.next();
            ts.expectWord("replace");
            if (!ts.atWord("view")) {
                throw ts.atWord("function") || ts.atWord("procedure") || ts.atWord("trigger")
                        ? SqlErrors.unsupported("CREATE OR REPLACE " + ts.peek().text().toUpperCase()) : ts.error();
            }
            return createView(true);
        }
        Token t = ts.peek();
        if (t.isWord("table")) {
            return createTable();
        }
        if (t.isWord("unique") || t.isWord("index")) {
            return createIndex();
        }
        if (t.isWord("view")) {
            return createView(false);
        }
        if (t.isWord("temp") || t.isWord("temporary") || t.isWord("unlogged") || t.isWord("global")
                || t.isWord("local")) {
            throw SqlErrors.unsupported("CREATE " + t.text().toUpperCase());
        }
        if (t.type() == TokenType.WORD && !t.isWord("select")) {
            Token second = ts.peek(1);
            String what = t.text().toUpperCase() + (t.isWord("materialized") || t.isWord("recursive")
                    ? " " + second.text().toUpperCase() : "");
            throw SqlErrors.unsupported("CREATE " + what);
        }
        throw ts.error();
    }

    private Statement createTable() {
        Token start = ts.next();
        boolean ifNotExists = ifNotExists();
        String name = qualifiedName();
        List<Statement.ColumnSpec> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        List<List<String>> uniques = new ArrayList<>();
        // The token where a column without a type was seen: fine before AS, an error otherwise.
        Token untyped = null;
        if (ts.accept(TokenType.LPAREN)) {
            if (!ts.at(TokenType.RPAREN)) {
                do {
                    if (tableConstraint(primaryKey, uniques)) {
                        continue;
                    }
                    String column = ts.identifier();
                    if (ts.at(TokenType.COMMA) || ts.at(TokenType.RPAREN)) {
                        untyped = untyped == null ? ts.peek() : untyped;
                        columns.add(new Statement.ColumnSpec(column, null, false, false, false, null));
                    } else {
                        columns.add(columnSpec(column));
                    }
                } while (ts.accept(TokenType.COMMA));
            }
            ts.expect(TokenType.RPAREN);
        }
        if (ts.atWord("as")) {
            ts.next();
            boolean allUntyped = columns.stream().allMatch(c -> c.type() == null);
            if (!allUntyped || !primaryKey.isEmpty() || !uniques.isEmpty()) {
                throw ts.error("CREATE TABLE ... AS takes column names only", start);
            }
            if (!startsQuery(ts.peek()) && !ts.at(TokenType.LPAREN)) {
                throw ts.error();
            }
            Query query = query();
            if (ts.atWord("with")) {
                ts.next();
                boolean noData = ts.acceptWord("no");
                ts.expectWord("data");
                if (noData) {
                    throw SqlErrors.unsupported("CREATE TABLE ... AS ... WITH NO DATA");
                }
            }
            return new Statement.CreateTable(name, ifNotExists, columns, List.of(), List.of(), query, start.start());
        }
        if (untyped != null) {
            throw ts.error(untyped);
        }
        if (ts.atWord("inherits") || ts.atWord("partition") || ts.atWord("with") || ts.atWord("tablespace")
                || ts.atWord("using") || ts.atWord("on")) {
            throw SqlErrors.unsupported("CREATE TABLE ... " + ts.peek().text().toUpperCase());
        }
        long primaryKeys = columns.stream().filter(Statement.ColumnSpec::primaryKey).count()
                + (primaryKey.isEmpty() ? 0 : 1);
        if (primaryKeys > 1) {
            throw new SqlException("42P16", SqlErrors.GENERAL,
                    "multiple primary keys for table \"" + name + "\" are not allowed");
        }
        return new Statement.CreateTable(name, ifNotExists, columns, primaryKey, uniques, null, start.start());
    }

    /** A table constraint, if one starts here: {@code [CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...)}. */
    private boolean tableConstraint(List<String> primaryKey, List<List<String>> uniques) {
        Token t = ts.peek();
        if (!(t.isWord("constraint") || t.isWord("primary") || t.isWord("unique") || t.isWord("check")
                || t.isWord("foreign") || t.isWord("exclude") && ts.peek(1).type() != TokenType.WORD
                || t.isWord("like"))) {
            return false;
        }
        if (ts.acceptWord("constraint")) {
            ts.identifier();
        }
        Token kind = ts.peek();
        if (ts.acceptWord("primary")) {
            ts.expectWord("key");
            ts.expect(TokenType.LPAREN);
            if (!primaryKey.isEmpty()) {
                throw new SqlException("42P16", SqlErrors.GENERAL, "multiple primary keys are not allowed");
            }
            primaryKey.addAll(identifierList());
            ts.expect(TokenType.RPAREN);
        } else if (ts.acceptWord("unique")) {
            if (ts.atWord("nulls")) {
                throw SqlErrors.unsupported("UNIQUE NULLS [NOT] DISTINCT");
            }
            ts.expect(TokenType.LPAREN);
            uniques.add(identifierList());
            ts.expect(TokenType.RPAREN);
        } else if (kind.isWord("check") || kind.isWord("foreign") || kind.isWord("exclude") || kind.isWord("like")) {
            throw SqlErrors.unsupported(kind.text().toUpperCase() + " constraints");
        } else {
            throw ts.error();
        }
        return true;
    }

    /** A column definition after its name: a type and column constraints in any order. */
    private Statement.ColumnSpec columnSpec(String column) {
        TypeName type = expr.type();
        boolean notNull = false;
        boolean primaryKey = false;
        boolean unique = false;
        Expr defaultValue = null;
        while (true) {
            Token t = ts.peek();
            if (t.isWord("constraint")) {
                ts.next();
                ts.identifier();
                t = ts.peek();
            }
            if (ts.acceptWord("not")) {
                ts.expectWord("null");
                notNull = true;
            } else if (ts.acceptWord("null")) {
                notNull = false;
            } else if (ts.acceptWord("primary")) {
                ts.expectWord("key");
                primaryKey = true;
            } else if (ts.acceptWord("unique")) {
                unique = true;
            } else if (ts.acceptWord("default")) {
                // Like PostgreSQL's b_expr: stops before NOT NULL and the other constraints.
                ts.enter();
                defaultValue = expr.other();
                ts.leave();
            } else if (t.isWord("check") || t.isWord("references") || t.isWord("collate") || t.isWord("generated")
                    || t.isWord("deferrable") || t.isWord("initially")) {
                throw SqlErrors.unsupported(t.text().toUpperCase() + " in a column definition");
            } else {
                return new Statement.ColumnSpec(column, type, notNull, primaryKey, unique, defaultValue);
            }
        }
    }

    private Statement createIndex() {
        boolean unique = ts.acceptWord("unique");
        ts.expectWord("index");
        if (ts.atWord("concurrently")) {
            throw SqlErrors.unsupported("CREATE INDEX CONCURRENTLY");
        }
        boolean ifNotExists = ifNotExists();
        String name = null;
        if (!ts.atWord("on")) {
            name = ts.identifier();
        }
        ts.expectWord("on");
        ts.acceptWord("only");
        String table = qualifiedName();
        String method = null;
        if (ts.acceptWord("using")) {
            method = indexMethod();
        }
        ts.expect(TokenType.LPAREN);
        List<String> columns = new ArrayList<>();
        do {
            if (!TokenStream.isIdentifier(ts.peek())) {
                throw ts.at(TokenType.LPAREN) || ts.peek(1).type() == TokenType.LPAREN
                        ? SqlErrors.unsupported("Indexes on expressions") : ts.error();
            }
            columns.add(ts.identifier());
            if (ts.at(TokenType.LPAREN) || ts.at(TokenType.DOT)) {
                throw SqlErrors.unsupported("Indexes on expressions");
            }
            if (ts.atWord("collate") || ts.atWord("nulls")) {
                throw SqlErrors.unsupported(ts.peek().text().toUpperCase() + " in an index column");
            }
            // The key order does not change which lookups an index serves; it is read and not kept.
            if (!ts.acceptWord("asc")) {
                ts.acceptWord("desc");
            }
        } while (ts.accept(TokenType.COMMA));
        ts.expect(TokenType.RPAREN);
        if (method == null && ts.acceptWord("using")) {
            method = indexMethod();
        }
        if (ts.atWord("include") || ts.atWord("where") || ts.atWord("with") || ts.atWord("tablespace")) {
            throw SqlErrors.unsupported("CREATE INDEX ... " + ts.peek().text().toUpperCase());
        }
        return new Statement.CreateIndex(name, table, columns, unique, ifNotExists, method == null ? "btree" : method);
    }

    private String indexMethod() {
        Token t = ts.peek();
        String method = ts.identifier().toLowerCase();
        if (!method.equals("btree") && !method.equals("hash")) {
            throw SqlErrors.unsupported("Index method " + ts.text(t));
        }
        return method;
    }

    private Statement createView(boolean orReplace) {
        ts.expectWord("view");
        String name = qualifiedName();
        List<String> columns = List.of();
        if (ts.accept(TokenType.LPAREN)) {
            columns = identifierList();
            ts.expect(TokenType.RPAREN);
        }
        if (ts.atWord("with")) {
            throw SqlErrors.unsupported("CREATE VIEW ... WITH options");
        }
        ts.expectWord("as");
        Token first = ts.peek();
        if (!startsQuery(first) && first.type() != TokenType.LPAREN) {
            throw ts.error();
        }
        Query query = query();
        String text = ts.input().substring(first.start(), ts.lastEnd());
        if (ts.atWord("with")) {
            throw SqlErrors.unsupported("WITH CHECK OPTION");
        }
        return new Statement.CreateView(name, columns, query, text, orReplace);
    }

    private Statement drop() {
        ts.next();
        Token what = ts.peek();
        if (ts.acceptWord("table")) {
            boolean ifExists = ifExists();
            List<String> names = qualifiedNameList();
            boolean cascade = ts.acceptWord("cascade");
            if (!cascade) {
                ts.acceptWord("restrict");
            }
            return new Statement.DropTable(names, ifExists, cascade);
        }
        if (ts.acceptWord("index")) {
            if (ts.atWord("concurrently")) {
                throw SqlErrors.unsupported("DROP INDEX CONCURRENTLY");
            }
            boolean ifExists = ifExists();
            String name = qualifiedName();
            if (ts.at(TokenType.COMMA)) {
                throw SqlErrors.unsupported("Dropping several indexes in one statement");
            }
            String table = ts.acceptWord("on") ? qualifiedName() : null;
            if (ts.atWord("cascade")) {
                throw SqlErrors.unsupported("DROP INDEX ... CASCADE");
            }
            ts.acceptWord("restrict");
            return new Statement.DropIndex(name, ifExists, table);
        }
        if (ts.acceptWord("view")) {
            boolean ifExists = ifExists();
            List<String> names = qualifiedNameList();
            if (ts.atWord("cascade")) {
                throw SqlErrors.unsupported("DROP VIEW ... CASCADE");
            }
            ts.acceptWord("restrict");
            return new Statement.DropView(names, ifExists);
        }
        if (what.type() == TokenType.WORD) {
            throw SqlErrors.unsupported("DROP " + what.text().toUpperCase());
        }
        throw ts.error();
    }

    private Statement alter() {
        ts.next();
        Token what = ts.peek();
        if (!ts.acceptWord("table")) {
            if (what.type() == TokenType.WORD) {
                throw SqlErrors.unsupported("ALTER " + what.text().toUpperCase());
            }
            throw ts.error();
        }
        boolean ifExists = ifExists();
        ts.acceptWord("only");
        String table = qualifiedName();
        List<Statement.AlterAction> actions = new ArrayList<>();
        do {
            actions.add(alterAction());
        } while (ts.accept(TokenType.COMMA));
        return new Statement.AlterTable(table, ifExists, actions);
    }

    private Statement.AlterAction alterAction() {
        Token t = ts.peek();
        if (ts.acceptWord("add")) {
            Token next = ts.peek();
            if (next.isWord("constraint") || next.isWord("primary") || next.isWord("unique") || next.isWord("check")
                    || next.isWord("foreign") || next.isWord("exclude") && ts.peek(1).type() != TokenType.WORD) {
                throw SqlErrors.unsupported("ALTER TABLE ... ADD " + next.text().toUpperCase());
            }
            ts.acceptWord("column");
            boolean ifNotExists = ifNotExists();
            String column = ts.identifier();
            return new Statement.AlterAction.AddColumn(columnSpec(column), ifNotExists);
        }
        if (ts.acceptWord("drop")) {
            if (ts.atWord("constraint")) {
                throw SqlErrors.unsupported("ALTER TABLE ... DROP CONSTRAINT");
            }
            ts.acceptWord("column");
            boolean ifExists = ifExists();
            String column = ts.identifier();
            if (ts.atWord("cascade")) {
                throw SqlErrors.unsupported("DROP COLUMN ... CASCADE");
            }
            ts.acceptWord("restrict");
            return new Statement.AlterAction.DropColumn(column, ifExists);
        }
        if (ts.acceptWord("rename")) {
            if (ts.acceptWord("to")) {
                return new Statement.AlterAction.RenameTable(ts.identifier());
            }
            if (ts.atWord("constraint")) {
                throw SqlErrors.unsupported("ALTER TABLE ... RENAME CONSTRAINT");
            }
            ts.acceptWord("column");
            String from = ts.identifier();
            ts.expectWord("to");
            return new Statement.AlterAction.RenameColumn(from, ts.identifier());
        }
        if (ts.acceptWord("alter")) {
            ts.acceptWord("column");
            String column = ts.identifier();
            if (ts.acceptWord("set")) {
                if (ts.acceptWord("default")) {
                    ts.enter();
                    Expr value = expr.other();
                    ts.leave();
                    return new Statement.AlterAction.SetDefault(column, value);
                }
                if (ts.acceptWord("not")) {
                    ts.expectWord("null");
                    return new Statement.AlterAction.SetNotNull(column, true);
                }
                if (ts.atWord("data")) {
                    throw SqlErrors.unsupported("ALTER COLUMN ... SET DATA TYPE");
                }
                throw ts.error();
            }
            if (ts.acceptWord("drop")) {
                if (ts.acceptWord("default")) {
                    return new Statement.AlterAction.SetDefault(column, null);
                }
                ts.expectWord("not");
                ts.expectWord("null");
                return new Statement.AlterAction.SetNotNull(column, false);
            }
            if (ts.atWord("type")) {
                throw SqlErrors.unsupported("ALTER COLUMN ... TYPE");
            }
            throw ts.error();
        }
        if (t.type() == TokenType.WORD && !Keywords.isReserved(t.text())) {
            throw SqlErrors.unsupported("ALTER TABLE ... " + t.text().toUpperCase());
        }
        throw ts.error();
    }

    private Statement truncate() {
        ts.next();
        ts.acceptWord("table");
        ts.acceptWord("only");
        List<String> names = qualifiedNameList();
        if (ts.atWord("restart") || ts.atWord("cascade")) {
            throw SqlErrors.unsupported("TRUNCATE ... " + ts.peek().text().toUpperCase());
        }
        if (ts.acceptWord("continue")) {
            ts.expectWord("identity");
        }
        ts.acceptWord("restrict");
        return new Statement.Truncate(names);
    }

    // ---- COPY

    private static final String FILE_COPY = "COPY to or from a file is not supported: use STDIN/STDOUT";

    /**
     * {@code COPY table [(cols)] FROM STDIN [[WITH] options]} and {@code COPY {table [(cols)] | (query)} TO STDOUT
     * [[WITH] options]}; options are {@code (name [value], ...)} or PostgreSQL's older words ({@code CSV HEADER},
     * {@code DELIMITER [AS] ','}, {@code NULL [AS] ''}, {@code QUOTE [AS] '"'}, {@code ESCAPE [AS] '\'}).
     */
    private Statement copy() {
        Token start = ts.next();
        String table = null;
        List<String> columns = List.of();
        Query query = null;
        if (ts.at(TokenType.LPAREN)) {
            ts.next();
            if (!startsQuery(ts.peek()) && !ts.at(TokenType.LPAREN)) {
                throw ts.error();
            }
            query = query();
            ts.expect(TokenType.RPAREN);
            if (ts.parameterCount() > 0) {
                throw new SqlException("42P02", SqlErrors.GENERAL, "there is no parameter $1: COPY takes no parameters");
            }
        } else {
            if (ts.atWord("binary")) {
                throw SqlErrors.unsupported("COPY BINARY");
            }
            table = qualifiedName();
            if (ts.accept(TokenType.LPAREN)) {
                columns = identifierList();
                ts.expect(TokenType.RPAREN);
            }
        }
        boolean from;
        Token direction = ts.peek();
        if (ts.acceptWord("from")) {
            from = true;
            if (query != null) {
                throw ts.error(direction);
            }
        } else if (ts.acceptWord("to")) {
            from = false;
        } else {
            throw ts.error();
        }
        Token target = ts.peek();
        if (target.isWord("stdin") || target.isWord("stdout")) {
            ts.next();
        } else if (target.type() == TokenType.STRING || target.isWord("program")) {
            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, FILE_COPY);
        } else {
            throw ts.error();
        }
        CopyOptions.Builder options = CopyOptions.builder();
        boolean with = ts.acceptWord("with");
        if (ts.accept(TokenType.LPAREN)) {
            do {
                copyOption(options, from);
            } while (ts.accept(TokenType.COMMA));
            ts.expect(TokenType.RPAREN);
        } else if (!oldCopyOptions(options) && with) {
            throw ts.error();
        }
        if (ts.atWord("where")) {
            throw SqlErrors.unsupported("COPY ... WHERE");
        }
        return new Statement.Copy(table, columns, query, from, options.build(), start.start());
    }

    private void copyOption(CopyOptions.Builder options, boolean from) {
        Token nameToken = ts.peek();
        String name = ts.label().toLowerCase(java.util.Locale.ROOT);
        if (Set.of("freeze", "force_quote", "force_not_null", "force_null", "on_error", "default", "log_verbosity", "oids")
                .contains(name)) {
            throw SqlErrors.unsupported("COPY option " + name.toUpperCase(java.util.Locale.ROOT));
        }
        Token value = ts.at(TokenType.COMMA) || ts.at(TokenType.RPAREN) ? null : ts.peek();
        if (value != null && value.type() != TokenType.WORD && value.type() != TokenType.STRING
                && value.type() != TokenType.INTEGER && value.type() != TokenType.QUOTED_IDENT) {
            throw ts.error(value);
        }
        String text = value == null ? null : value.text();
        switch (name) {
            case "format" -> options.format(required(text, nameToken));
            case "delimiter" -> options.delimiter(required(text, nameToken));
            case "null" -> options.nullString(required(text, nameToken));
            case "quote" -> options.quote(required(text, nameToken));
            case "escape" -> options.escape(required(text, nameToken));
            case "encoding" -> options.encoding(required(text, nameToken));
            case "header" -> {
                String v = text == null ? "true" : text.toLowerCase(java.util.Locale.ROOT);
                switch (v) {
                    case "true", "on", "1" -> options.header(true);
                    case "false", "off", "0" -> options.header(false);
                    case "match" -> {
                        if (!from) {
                            throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "cannot use \"match\" with HEADER in COPY TO");
                        }
                        options.headerMatch();
                    }
                    default -> throw new SqlException("22023", SqlErrors.GENERAL, "header requires a Boolean value or \"match\"");
                }
            }
            default -> throw SqlErrors.syntax("option \"" + name + "\" not recognized", ts.position(nameToken));
        }
        if (value != null) {
            ts.next();
        }
    }

    private String required(String value, Token option) {
        if (value == null) {
            throw SqlErrors.syntax(ts.text(option).toUpperCase(java.util.Locale.ROOT) + " requires a value", ts.position(option));
        }
        return value;
    }

    /**
     * PostgreSQL's options before 9.0, each a word: {@code [BINARY] [DELIMITER [AS] 'c'] [NULL [AS] 's'] [CSV [HEADER] ...]};
     * whether there was any.
     */
    private boolean oldCopyOptions(CopyOptions.Builder options) {
        for (boolean any = false; ; any = true) {
            Token t = ts.peek();
            if (t.type() != TokenType.WORD) {
                return any;
            }
            switch (t.text()) {
                case "binary" -> throw new SqlException("0A000", SqlErrors.UNSUPPORTED, "COPY FORMAT binary is not supported: use text or csv");
                case "csv" -> {
                    ts.next();
                    options.format(CopyOptions.Format.CSV);
                }
                case "header" -> {
                    ts.next();
                    options.header(true);
                }
                case "delimiter" -> options.delimiter(oldOptionValue());
                case "null" -> options.nullString(oldOptionValue());
                case "quote" -> options.quote(oldOptionValue());
                case "escape" -> options.escape(oldOptionValue());
                case "encoding" -> options.encoding(oldOptionValue());
                case "force", "freeze", "oids" -> throw SqlErrors.unsupported("COPY option " + t.text().toUpperCase(java.util.Locale.ROOT));
                default -> {
                    return any;
                }
            }
        }
    }

    private String oldOptionValue() {
        ts.next();
        ts.acceptWord("as");
        if (!ts.at(TokenType.STRING)) {
            throw ts.error();
        }
        return ts.next().text();
    }

    // ---- transactions and settings

    private Statement begin() {
        Token t = ts.next();
        if (t.isWord("start")) {
            ts.expectWord("transaction");
        } else if (!ts.acceptWord("work")) {
            ts.acceptWord("transaction");
        }
        Token mode = ts.peek();
        if (mode.isWord("isolation") || mode.isWord("read") || mode.isWord("deferrable") || mode.isWord("not")) {
            throw SqlErrors.unsupported("Transaction modes (" + ts.text(mode).toUpperCase() + " ...)");
        }
        return new Statement.Transaction(Statement.Transaction.Kind.BEGIN);
    }

    private Statement endTransaction(Statement.Transaction.Kind kind) {
        ts.next();
        if (!ts.acceptWord("work")) {
            ts.acceptWord("transaction");
        }
        if (ts.atWord("to")) {
            throw SqlErrors.unsupported("ROLLBACK TO SAVEPOINT");
        }
        if (ts.atWord("and")) {
            ts.next();
            if (ts.atWord("chain")) {
                throw SqlErrors.unsupported("AND CHAIN");
            }
            ts.expectWord("no");
            ts.expectWord("chain");
        }
        if (ts.atWord("prepared")) {
            throw SqlErrors.unsupported("Two-phase commit");
        }
        return new Statement.Transaction(kind);
    }

    private Statement set() {
        ts.next();
        if (!ts.acceptWord("session")) {
            ts.acceptWord("local");
        }
        Token t = ts.peek();
        if (t.isWord("transaction") || t.isWord("characteristics") || t.isWord("role")
                || t.isWord("session") && ts.peek(1).isWord("authorization") || t.isWord("constraints")) {
            throw SqlErrors.unsupported("SET " + t.text().toUpperCase());
        }
        String name;
        if (t.isWord("time") && ts.peek(1).isWord("zone")) {
            ts.next();
            ts.next();
            return new Statement.Set("timezone", setValue());
        }
        if (t.isWord("names")) {
            ts.next();
            return new Statement.Set("client_encoding", setValue());
        }
        name = settingName();
        if (!ts.acceptWord("to") && !ts.acceptOperator("=")) {
            throw ts.error();
        }
        return new Statement.Set(name, setValue());
    }

    /** The value of SET as written: strings unquoted, words folded, a list joined by ", ". */
    private String setValue() {
        List<String> parts = new ArrayList<>();
        do {
            Token t = ts.peek();
            String sign = "";
            if (t.isOperator("-") || t.isOperator("+")) {
                ts.next();
                sign = t.text().equals("-") ? "-" : "";
                t = ts.peek();
                if (t.type() != TokenType.INTEGER && t.type() != TokenType.DECIMAL) {
                    throw ts.error();
                }
            }
            switch (t.type()) {
                case STRING, INTEGER, DECIMAL, QUOTED_IDENT -> parts.add(sign + ts.next().text());
                case WORD -> {
                    ts.next();
                    parts.add(t.isWord("default") ? "DEFAULT" : t.text());
                }
                default -> throw ts.error();
            }
        } while (ts.accept(TokenType.COMMA));
        return String.join(", ", parts);
    }

    private String settingName() {
        StringBuilder name = new StringBuilder(ts.label());
        while (ts.accept(TokenType.DOT)) {
            name.append('.').append(ts.label());
        }
        return name.toString();
    }

    private Statement show() {
        ts.next();
        Token t = ts.peek();
        if (t.isWord("time") && ts.peek(1).isWord("zone")) {
            ts.next();
            ts.next();
            return new Statement.Show("timezone");
        }
        if (t.isWord("transaction") && ts.peek(1).isWord("isolation")) {
            ts.next();
            ts.next();
            ts.expectWord("level");
            return new Statement.Show("transaction_isolation");
        }
        return new Statement.Show(settingName());
    }

    // ---------------------------------------------------------------- queries

    /** A whole query: {@code [WITH ...] body [ORDER BY ...] [LIMIT ...] [OFFSET ...]}; one level of nesting. */
    Query query() {
        ts.enter();
        Token start = ts.peek();
        boolean allowDefault = defaultAllowed;
        defaultAllowed = false;
        List<Query.Cte> with = List.of();
        if (ts.acceptWord("with")) {
            if (ts.atWord("recursive")) {
                throw SqlErrors.unsupported("WITH RECURSIVE");
            }
            with = ctes();
            Token t = ts.peek();
            if (t.isWord("insert") || t.isWord("update") || t.isWord("delete")) {
                throw SqlErrors.unsupported("WITH before " + t.text().toUpperCase());
            }
        }
        Query.Body body = setOperations(null, allowDefault);
        Query q = tail(with, body, start.start());
        ts.leave();
        return q;
    }

    /**
     * Continues a query whose first part, a parenthesized query, was read as an expression:
     * {@code ((SELECT 1) UNION SELECT 2)}.
     */
    Query continueQuery(Query first) {
        ts.enter();
        Query q = tail(List.of(), setOperations(asBody(first), false), first.pos());
        ts.leave();
        return q;
    }

    /** A parenthesized query as a body: its parentheses vanish unless it has clauses of its own. */
    private static Query.Body asBody(Query q) {
        return q.with().isEmpty() && q.orderBy().isEmpty() && q.limit() == null && q.offset() == null
                ? q.body() : new Query.Nested(q);
    }

    private List<Query.Cte> ctes() {
        List<Query.Cte> ctes = new ArrayList<>();
        do {
            String name = ts.identifier();
            List<String> columns = List.of();
            if (ts.accept(TokenType.LPAREN)) {
                columns = identifierList();
                ts.expect(TokenType.RPAREN);
            }
            ts.expectWord("as");
            // MATERIALIZED is a hint about evaluation only.
            if (ts.acceptWord("not")) {
                ts.expectWord("materialized");
            } else {
                ts.acceptWord("materialized");
            }
            ts.expect(TokenType.LPAREN);
            Token t = ts.peek();
            if (t.isWord("insert") || t.isWord("update") || t.isWord("delete")) {
                throw SqlErrors.unsupported("Data-modifying statements in WITH");
            }
            Query query = query();
            ts.expect(TokenType.RPAREN);
            ctes.add(new Query.Cte(name, columns, query));
        } while (ts.accept(TokenType.COMMA));
        return ctes;
    }

    /** UNION and EXCEPT over INTERSECT terms, left-associative, by a loop. */
    private Query.Body setOperations(Query.Body first, boolean allowDefault) {
        Query.Body left = intersections(first, allowDefault);
        while (ts.atWord("union") || ts.atWord("except")) {
            Query.SetOp op = ts.next().isWord("union") ? Query.SetOp.UNION : Query.SetOp.EXCEPT;
            boolean all = setQuantifier();
            left = new Query.SetOperation(op, all, left, intersections(null, false));
        }
        return left;
    }

    private Query.Body intersections(Query.Body first, boolean allowDefault) {
        Query.Body left = first != null ? first : primaryBody(allowDefault);
        while (ts.acceptWord("intersect")) {
            boolean all = setQuantifier();
            left = new Query.SetOperation(Query.SetOp.INTERSECT, all, left, primaryBody(false));
        }
        return left;
    }

    private boolean setQuantifier() {
        if (ts.acceptWord("all")) {
            return true;
        }
        ts.acceptWord("distinct");
        return false;
    }

    private Query.Body primaryBody(boolean allowDefault) {
        Token t = ts.peek();
        if (t.isWord("select")) {
            return select();
        }
        if (t.isWord("values")) {
            return values(allowDefault);
        }
        if (t.isWord("table")) {
            ts.next();
            FromItem.Table table = tableName(ts.peek());
            return new Query.Select(false, List.of(new Query.SelectItem(new Expr.Star(null, t.start()), null)),
                    List.of(table), null, List.of(), null, t.start());
        }
        if (t.type() == TokenType.LPAREN) {
            ts.next();
            Query q = query();
            ts.expect(TokenType.RPAREN);
            return asBody(q);
        }
        throw ts.error();
    }

    private Query tail(List<Query.Cte> with, Query.Body body, int pos) {
        List<Query.OrderItem> orderBy = List.of();
        if (ts.acceptWord("order")) {
            ts.expectWord("by");
            orderBy = orderItems();
        }
        Expr limit = null;
        Expr offset = null;
        boolean limitSeen = false;
        while (true) {
            Token t = ts.peek();
            if (t.isWord("limit") && !limitSeen) {
                ts.next();
                limitSeen = true;
                limit = ts.acceptWord("all") ? null : expr.parse();
                if (ts.at(TokenType.COMMA)) {
                    throw SqlErrors.unsupported("LIMIT with a comma (use LIMIT ... OFFSET ...)");
                }
            } else if (t.isWord("offset") && offset == null) {
                ts.next();
                offset = expr.parse();
                if (!ts.acceptWord("rows")) {
                    ts.acceptWord("row");
                }
            } else if (t.isWord("fetch") && !limitSeen) {
                ts.next();
                limitSeen = true;
                if (!ts.acceptWord("first")) {
                    ts.expectWord("next");
                }
                Token n = ts.peek();
                limit = n.isWord("row") || n.isWord("rows") ? new Expr.Literal(1L, SqlType.INTEGER, n.start())
                        : expr.parse();
                if (!ts.acceptWord("rows")) {
                    ts.expectWord("row");
                }
                if (ts.atWord("with")) {
                    throw SqlErrors.unsupported("FETCH ... WITH TIES");
                }
                ts.expectWord("only");
            } else {
                break;
            }
        }
        if (ts.atWord("for")) {
            throw SqlErrors.unsupported("Locking clauses (FOR UPDATE/SHARE)");
        }
        Query q = new Query(with, body, orderBy, limit, offset, pos);
        // A query that only wraps a parenthesized one is that one: (SELECT ... LIMIT 1).
        if (with.isEmpty() && orderBy.isEmpty() && limit == null && offset == null && body instanceof Query.Nested n) {
            return n.query();
        }
        return q;
    }

    private List<Query.OrderItem> orderItems() {
        List<Query.OrderItem> items = new ArrayList<>();
        do {
            Expr e = expr.parse();
            boolean descending = false;
            if (ts.acceptWord("desc")) {
                descending = true;
            } else if (!ts.acceptWord("asc") && ts.atWord("using")) {
                throw SqlErrors.unsupported("ORDER BY ... USING");
            }
            Boolean nullsFirst = null;
            if (ts.acceptWord("nulls")) {
                if (ts.acceptWord("first")) {
                    nullsFirst = true;
                } else {
                    ts.expectWord("last");
                    nullsFirst = false;
                }
            }
            items.add(new Query.OrderItem(e, descending, nullsFirst));
        } while (ts.accept(TokenType.COMMA));
        return items;
    }

    private Query.Body select() {
        Token start = ts.next();
        boolean distinct = false;
        if (ts.acceptWord("distinct")) {
            if (ts.atWord("on")) {
                throw SqlErrors.unsupported("DISTINCT ON");
            }
            distinct = true;
        } else {
            ts.acceptWord("all");
        }
        List<Query.SelectItem> items = selectItems();
        if (ts.atWord("into")) {
            throw SqlErrors.unsupported("SELECT ... INTO");
        }
        List<FromItem> from = List.of();
        if (ts.acceptWord("from")) {
            from = new ArrayList<>();
            do {
                from.add(joinedTable());
            } while (ts.accept(TokenType.COMMA));
        }
        Expr where = where();
        List<Expr> groupBy = List.of();
        if (ts.acceptWord("group")) {
            ts.expectWord("by");
            if (ts.atWord("all") || ts.atWord("distinct")) {
                throw SqlErrors.unsupported("GROUP BY " + ts.peek().text().toUpperCase());
            }
            groupBy = expr.list();
        }
        Expr having = ts.acceptWord("having") ? expr.parse() : null;
        if (ts.atWord("window")) {
            throw SqlErrors.unsupported("WINDOW");
        }
        return new Query.Select(distinct, items, from, where, groupBy, having, start.start());
    }

    List<Query.SelectItem> selectItems() {
        List<Query.SelectItem> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (ts.accept(TokenType.COMMA));
        return items;
    }

    private Query.SelectItem selectItem() {
        Token t = ts.peek();
        if (t.isOperator("*")) {
            ts.next();
            return new Query.SelectItem(new Expr.Star(null, t.start()), null);
        }
        if (TokenStream.isIdentifier(t) && ts.peek(1).type() == TokenType.DOT && ts.peek(2).isOperator("*")) {
            ts.next();
            ts.next();
            ts.next();
            return new Query.SelectItem(new Expr.Star(t.text(), t.start()), null);
        }
        Expr e = expr.parse();
        String alias = null;
        if (ts.acceptWord("as")) {
            alias = ts.label();
        } else if (TokenStream.isIdentifier(ts.peek())) {
            alias = ts.identifier();
        }
        return new Query.SelectItem(e, alias);
    }

    private Query.Body values(boolean allowDefault) {
        Token start = ts.next();
        List<List<Expr>> rows = new ArrayList<>();
        int width = -1;
        do {
            Token open = ts.expect(TokenType.LPAREN);
            List<Expr> row = new ArrayList<>();
            do {
                Token t = ts.peek();
                if (allowDefault && t.isWord("default")) {
                    ts.next();
                    row.add(new Expr.Default(t.start()));
                } else {
                    row.add(expr.parse());
                }
            } while (ts.accept(TokenType.COMMA));
            ts.expect(TokenType.RPAREN);
            if (width >= 0 && row.size() != width) {
                throw ts.error("VALUES lists must all be the same length", open);
            }
            width = row.size();
            rows.add(row);
        } while (ts.accept(TokenType.COMMA));
        return new Query.Values(rows, start.start());
    }

    // ---- FROM

    /** A FROM item with the joins that follow it, left-associative, by a loop. */
    private FromItem joinedTable() {
        return joins(tableReference());
    }

    private FromItem joins(FromItem first) {
        FromItem left = first;
        while (true) {
            Token t = ts.peek();
            boolean natural = t.isWord("natural");
            if (natural) {
                ts.next();
                t = ts.peek();
            }
            FromItem.JoinType type;
            if (t.isWord("join")) {
                type = FromItem.JoinType.INNER;
            } else if (t.isWord("inner")) {
                ts.next();
                type = FromItem.JoinType.INNER;
            } else if (t.isWord("cross") && !natural) {
                ts.next();
                type = FromItem.JoinType.CROSS;
            } else if (t.isWord("left") || t.isWord("right") || t.isWord("full")) {
                ts.next();
                ts.acceptWord("outer");
                type = t.isWord("left") ? FromItem.JoinType.LEFT
                        : t.isWord("right") ? FromItem.JoinType.RIGHT : FromItem.JoinType.FULL;
            } else if (natural) {
                throw ts.error();
            } else {
                return left;
            }
            ts.expectWord("join");
            FromItem right = tableReference();
            Expr on = null;
            List<String> using = List.of();
            if (type != FromItem.JoinType.CROSS && !natural) {
                if (ts.acceptWord("on")) {
                    on = expr.parse();
                } else if (ts.acceptWord("using")) {
                    ts.expect(TokenType.LPAREN);
                    using = identifierList();
                    ts.expect(TokenType.RPAREN);
                    if (ts.atWord("as")) {
                        throw SqlErrors.unsupported("An alias for a JOIN USING");
                    }
                } else {
                    throw ts.error();
                }
            }
            left = new FromItem.Join(left, right, type, on, using, natural, left.pos());
        }
    }

    private FromItem tableReference() {
        Token t = ts.peek();
        if (t.type() == TokenType.LPAREN) {
            Object inner = parenthesizedFrom();
            if (inner instanceof Query q) {
                return subquery(q, t);
            }
            if (ts.atWord("as") || TokenStream.isIdentifier(ts.peek())) {
                throw SqlErrors.unsupported("An alias for a parenthesized join");
            }
            return (FromItem) inner;
        }
        if (t.isWord("lateral")) {
            throw SqlErrors.unsupported("LATERAL");
        }
        if (t.isWord("only")) {
            ts.next();
        }
        FromItem.Table table = tableName(t);
        if (ts.atWord("tablesample")) {
            throw SqlErrors.unsupported("TABLESAMPLE");
        }
        return table;
    }

    /** {@code [schema.]name [[AS] alias [(columns)]]}; a name followed by "(" is a function, refused. */
    private FromItem.Table tableName(Token start) {
        List<String> name = nameParts();
        if (ts.at(TokenType.LPAREN)) {
            throw SqlErrors.unsupported("Functions in FROM");
        }
        String alias = alias();
        List<String> columns = alias != null ? columnAliases() : List.of();
        return new FromItem.Table(name.size() > 1 ? name.get(0) : null, name.get(name.size() - 1), alias, columns,
                start.start());
    }

    private FromItem subquery(Query q, Token start) {
        String alias = alias();
        List<String> columns = alias != null ? columnAliases() : List.of();
        return new FromItem.Subquery(q, alias, columns, start.start());
    }

    private String alias() {
        if (ts.acceptWord("as")) {
            return ts.identifier();
        }
        return TokenStream.isIdentifier(ts.peek()) ? ts.identifier() : null;
    }

    private List<String> columnAliases() {
        if (!ts.accept(TokenType.LPAREN)) {
            return List.of();
        }
        List<String> columns = identifierList();
        ts.expect(TokenType.RPAREN);
        return columns;
    }

    /**
     * What a "(" in FROM opens: a subquery (returned as a {@link Query}, its alias not read yet) or a
     * parenthesized join (a {@link FromItem}). After "(" a query keyword means a query and anything but another
     * "(" means a join; "((" is resolved by reading the inner part first: a query followed by ")" or by UNION,
     * ORDER BY ... is a query, a query followed by anything else is the first item of a join.
     */
    private Object parenthesizedFrom() {
        ts.enter();
        ts.expect(TokenType.LPAREN);
        Object result;
        Token t = ts.peek();
        if (startsQuery(t)) {
            result = query();
        } else if (t.type() == TokenType.LPAREN) {
            Object inner = parenthesizedFrom();
            if (inner instanceof Query q) {
                if (continuesQuery(ts.peek())) {
                    result = continueQuery(q);
                } else if (ts.at(TokenType.RPAREN)) {
                    result = q;
                } else {
                    result = joins(subquery(q, t));
                }
            } else {
                result = joins((FromItem) inner);
            }
        } else {
            result = joinedTable();
        }
        ts.expect(TokenType.RPAREN);
        ts.leave();
        return result;
    }

    // ---- names

    private boolean ifNotExists() {
        if (ts.atWord("if") && ts.peek(1).isWord("not")) {
            ts.next();
            ts.next();
            ts.expectWord("exists");
            return true;
        }
        return false;
    }

    private boolean ifExists() {
        if (ts.atWord("if") && ts.peek(1).isWord("exists")) {
            ts.next();
            ts.next();
            return true;
        }
        return false;
    }

    /** {@code name} or {@code schema.name}. */
    private List<String> nameParts() {
        List<String> parts = new ArrayList<>(2);
        parts.add(ts.identifier());
        if (ts.accept(TokenType.DOT)) {
            parts.add(ts.label());
            if (ts.at(TokenType.DOT)) {
                throw ts.error("improper qualified name (too many dotted names)", ts.peek());
            }
        }
        return parts;
    }

    /** A table, view or index name where the tree keeps one string: {@code schema.name} is joined by a dot. */
    private String qualifiedName() {
        return String.join(".", nameParts());
    }

    private List<String> qualifiedNameList() {
        List<String> names = new ArrayList<>();
        do {
            names.add(qualifiedName());
        } while (ts.accept(TokenType.COMMA));
        return names;
    }

    private List<String> identifierList() {
        List<String> names = new ArrayList<>();
        do {
            names.add(ts.identifier());
        } while (ts.accept(TokenType.COMMA));
        return names;
    }
}
