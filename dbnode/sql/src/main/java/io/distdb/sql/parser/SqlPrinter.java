package io.distdb.sql.parser;

import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.FromItem;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.types.SqlType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes trees back as SQL that {@link SqlParser} reads to the same tree. Every compound expression is
 * bracketed, so the output shows how the parser grouped it ({@code ((FALSE AND (1 IN (1))) OR TRUE)});
 * only a left-associative chain of one precedence level is written flat ({@code (1 + 2 - 3)}), which keeps
 * long chains shallow for the reader and for the parser reading them back. Identifiers are quoted when
 * they would not read back as themselves. For EXPLAIN output, messages and tests.
 */
public final class SqlPrinter {

    private static final Pattern SIMPLE = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** Call names printed in their keyword syntax or otherwise read specially; see {@link #call}. */
    private static final Set<String> SPECIAL_CALLS = Set.of("extract", "substring", "position", "trim", "overlay");

    private final StringBuilder out = new StringBuilder();

    private SqlPrinter() {
    }

    public static String print(Statement statement) {
        SqlPrinter p = new SqlPrinter();
        p.statement(statement);
        return p.out.toString();
    }

    public static String print(Query query) {
        SqlPrinter p = new SqlPrinter();
        p.query(query);
        return p.out.toString();
    }

    public static String print(Expr expr) {
        SqlPrinter p = new SqlPrinter();
        p.expr(expr);
        return p.out.toString();
    }

    public static String print(TypeName type) {
        SqlPrinter p = new SqlPrinter();
        p.type(type);
        return p.out.toString();
    }

    /** An identifier as it must be written to read back as itself. */
    public static String identifier(String name) {
        if (SIMPLE.matcher(name).matches() && !Keywords.isReserved(name) && !Keywords.SPECIAL.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string constant. */
    public static String string(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    // ---------------------------------------------------------------- statements

    private void statement(Statement s) {
        if (s instanceof Statement.QueryStatement q) {
            query(q.query());
        } else if (s instanceof Statement.Explain e) {
            out.append(e.analyze() ? "EXPLAIN ANALYZE " : "EXPLAIN ");
            statement(e.statement());
        } else if (s instanceof Statement.Insert i) {
            insert(i);
        } else if (s instanceof Statement.Update u) {
            out.append("UPDATE ");
            table(u.table());
            out.append(" SET ");
            assignments(u.set());
            where(u.where());
            returning(u.returning());
        } else if (s instanceof Statement.Delete d) {
            out.append("DELETE FROM ");
            table(d.table());
            where(d.where());
            returning(d.returning());
        } else if (s instanceof Statement.CreateTable c) {
            createTable(c);
        } else if (s instanceof Statement.DropTable d) {
            out.append("DROP TABLE ").append(d.ifExists() ? "IF EXISTS " : "");
            names(d.names());
            out.append(d.cascade() ? " CASCADE" : "");
        } else if (s instanceof Statement.CreateIndex c) {
            out.append(c.unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
            out.append(c.ifNotExists() ? "IF NOT EXISTS " : "");
            if (c.name() != null) {
                out.append(name(c.name())).append(' ');
            }
            out.append("ON ").append(name(c.table()));
            if (c.method() != null) {
                out.append(" USING ").append(c.method());
            }
            out.append(" (");
            identifiers(c.columns());
            out.append(')');
        } else if (s instanceof Statement.DropIndex d) {
            out.append("DROP INDEX ").append(d.ifExists() ? "IF EXISTS " : "").append(name(d.name()));
            if (d.table() != null) {
                out.append(" ON ").append(name(d.table()));
            }
        } else if (s instanceof Statement.CreateView v) {
            out.append(v.orReplace() ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ").append(name(v.name()));
            if (!v.columns().isEmpty()) {
                out.append(" (");
                identifiers(v.columns());
                out.append(')');
            }
            out.append(" AS ");
            query(v.query());
        } else if (s instanceof Statement.DropView d) {
            out.append("DROP VIEW ").append(d.ifExists() ? "IF EXISTS " : "");
            names(d.names());
        } else if (s instanceof Statement.AlterTable a) {
            out.append("ALTER TABLE ").append(a.ifExists() ? "IF EXISTS " : "").append(name(a.table())).append(' ');
            for (int i = 0; i < a.actions().size(); i++) {
                out.append(i > 0 ? ", " : "");
                alterAction(a.actions().get(i));
            }
        } else if (s instanceof Statement.Truncate t) {
            out.append("TRUNCATE TABLE ");
            names(t.tables());
        } else if (s instanceof Statement.Transaction t) {
            out.append(t.kind().name());
        } else if (s instanceof Statement.Set set) {
            out.append("SET ").append(settingName(set.name())).append(" TO ")
                    .append(string(set.value()));
        } else if (s instanceof Statement.Show show) {
            out.append("SHOW ").append(settingName(show.name()));
        } else if (s instanceof Statement.Copy c) {
            out.append("COPY ");
            if (c.query() != null) {
                out.append('(');
                query(c.query());
                out.append(')');
            } else {
                out.append(name(c.table()));
                if (!c.columns().isEmpty()) {
                    out.append(" (");
                    identifiers(c.columns());
                    out.append(')');
                }
            }
            out.append(c.from() ? " FROM STDIN" : " TO STDOUT");
            String options = c.options().toSql();
            if (!options.isEmpty()) {
                out.append(" WITH ").append(options);
            }
        }
    }

    private void insert(Statement.Insert i) {
        out.append("INSERT INTO ").append(name(i.table()));
        if (!i.columns().isEmpty()) {
            out.append(" (");
            identifiers(i.columns());
            out.append(')');
        }
        if (i.source() == null) {
            out.append(" DEFAULT VALUES");
        } else {
            out.append(' ');
            query(i.source());
        }
        Statement.OnConflict c = i.onConflict();
        if (c != null) {
            out.append(" ON CONFLICT");
            if (!c.target().isEmpty()) {
                out.append(" (");
                identifiers(c.target());
                out.append(')');
            }
            if (c.doNothing()) {
                out.append(" DO NOTHING");
            } else {
                out.append(" DO UPDATE SET ");
                assignments(c.set());
                where(c.where());
            }
        }
        returning(i.returning());
    }

    private void createTable(Statement.CreateTable c) {
        out.append("CREATE TABLE ").append(c.ifNotExists() ? "IF NOT EXISTS " : "").append(name(c.name()));
        if (c.asQuery() != null) {
            if (!c.columns().isEmpty()) {
                out.append(" (");
                identifiers(c.columns().stream().map(Statement.ColumnSpec::name).toList());
                out.append(')');
            }
            out.append(" AS ");
            query(c.asQuery());
            return;
        }
        out.append(" (");
        String separator = "";
        for (Statement.ColumnSpec column : c.columns()) {
            out.append(separator);
            columnSpec(column);
            separator = ", ";
        }
        if (!c.primaryKey().isEmpty()) {
            out.append(separator).append("PRIMARY KEY (");
            identifiers(c.primaryKey());
            out.append(')');
            separator = ", ";
        }
        for (List<String> unique : c.uniques()) {
            out.append(separator).append("UNIQUE (");
            identifiers(unique);
            out.append(')');
            separator = ", ";
        }
        out.append(')');
    }

    private void columnSpec(Statement.ColumnSpec c) {
        out.append(identifier(c.name()));
        if (c.type() != null) {
            out.append(' ');
            type(c.type());
        }
        out.append(c.primaryKey() ? " PRIMARY KEY" : "").append(c.notNull() ? " NOT NULL" : "")
                .append(c.unique() ? " UNIQUE" : "");
        if (c.defaultValue() != null) {
            out.append(" DEFAULT ");
            expr(c.defaultValue());
        }
    }

    private void alterAction(Statement.AlterAction action) {
        if (action instanceof Statement.AlterAction.AddColumn a) {
            out.append("ADD COLUMN ").append(a.ifNotExists() ? "IF NOT EXISTS " : "");
            columnSpec(a.column());
        } else if (action instanceof Statement.AlterAction.DropColumn d) {
            out.append("DROP COLUMN ")
                    .append(d.ifExists() ? "IF EXISTS " : "").append(identifier(d.column()));
        } else if (action instanceof Statement.AlterAction.RenameColumn r) {
            out.append("RENAME COLUMN ").append(identifier(r.from()))
                    .append(" TO ").append(identifier(r.to()));
        } else if (action instanceof Statement.AlterAction.RenameTable r) {
            out.append("RENAME TO ").append(identifier(r.to()));
        } else if (action instanceof Statement.AlterAction.SetDefault d) {
            out.append("ALTER COLUMN ").append(identifier(d.column()));
            if (d.value() == null) {
                out.append(" DROP DEFAULT");
            } else {
                out.append(" SET DEFAULT ");
                expr(d.value());
            }
        } else if (action instanceof Statement.AlterAction.SetNotNull n) {
            out.append("ALTER COLUMN ").append(identifier(n.column()))
                    .append(n.notNull() ? " SET NOT NULL" : " DROP NOT NULL");
        }
    }

    private void assignments(List<Statement.Assignment> set) {
        for (int i = 0; i < set.size(); i++) {
            out.append(i > 0 ? ", " : "").append(identifier(set.get(i).column())).append(" = ");
            expr(set.get(i).value());
        }
    }

    private void where(Expr where) {
        if (where != null) {
            out.append(" WHERE ");
            expr(where);
        }
    }

    private void returning(List<Query.SelectItem> items) {
        if (!items.isEmpty()) {
            out.append(" RETURNING ");
            selectItems(items);
        }
    }

    /** A table or view name kept as one string: a dotted name is a schema-qualified one. */
    private static String name(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return identifier(name);
        }
        return identifier(name.substring(0, dot)) + "." + identifier(name.substring(dot + 1));
    }

    private static String settingName(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            sb.append(sb.isEmpty() ? "" : ".").append(part.isEmpty() ? "\"\"" : SIMPLE.matcher(part).matches()
                    ? part : identifier(part));
        }
        return sb.toString();
    }

    private void names(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            out.append(i > 0 ? ", " : "").append(name(names.get(i)));
        }
    }

    private void identifiers(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            out.append(i > 0 ? ", " : "").append(identifier(names.get(i)));
        }
    }

    // ---------------------------------------------------------------- queries

    private void query(Query q) {
        if (!q.with().isEmpty()) {
            out.append("WITH ");
            for (int i = 0; i < q.with().size(); i++) {
                Query.Cte cte = q.with().get(i);
                out.append(i > 0 ? ", " : "").append(identifier(cte.name()));
                if (!cte.columns().isEmpty()) {
                    out.append(" (");
                    identifiers(cte.columns());
                    out.append(')');
                }
                out.append(" AS (");
                query(cte.query());
                out.append(')');
            }
            out.append(' ');
        }
        body(q.body());
        if (!q.orderBy().isEmpty()) {
            out.append(" ORDER BY ");
            for (int i = 0; i < q.orderBy().size(); i++) {
                Query.OrderItem item = q.orderBy().get(i);
                out.append(i > 0 ? ", " : "");
                expr(item.expr());
                out.append(item.descending() ? " DESC" : "");
                if (item.nullsFirst() != null) {
                    out.append(item.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
                }
            }
        }
        if (q.limit() != null) {
            out.append(" LIMIT ");
            expr(q.limit());
        }
        if (q.offset() != null) {
            out.append(" OFFSET ");
            expr(q.offset());
        }
    }

    private void body(Query.Body body) {
        if (body instanceof Query.Select s) {
            select(s);
        } else if (body instanceof Query.Values v) {
            out.append("VALUES ");
            for (int i = 0; i < v.rows().size(); i++) {
                out.append(i > 0 ? ", (" : "(");
                exprs(v.rows().get(i));
                out.append(')');
            }
        } else if (body instanceof Query.Nested n) {
            out.append('(');
            query(n.query());
            out.append(')');
        } else if (body instanceof Query.SetOperation s) {
            setOperation(s);
        }
    }

    /**
     * A chain of set operations down the left side is written flat, left to right, as it reads back
     * (INTERSECT binding tighter); any set operation on the right side is bracketed.
     */
    private void setOperation(Query.SetOperation top) {
        List<Query.SetOperation> spine = new ArrayList<>();
        Query.Body left = top;
        while (left instanceof Query.SetOperation s
                && (spine.isEmpty() || rank(s.op()) >= rank(spine.get(spine.size() - 1).op()))) {
            spine.add(s);
            left = s.left();
        }
        Collections.reverse(spine);
        bracketedBody(left, left instanceof Query.SetOperation);
        for (Query.SetOperation s : spine) {
            out.append(' ').append(s.op().name()).append(s.all() ? " ALL " : " ");
            bracketedBody(s.right(), s.right() instanceof Query.SetOperation);
        }
    }

    private static int rank(Query.SetOp op) {
        return op == Query.SetOp.INTERSECT ? 2 : 1;
    }

    private void bracketedBody(Query.Body body, boolean brackets) {
        out.append(brackets ? "(" : "");
        body(body);
        out.append(brackets ? ")" : "");
    }

    private void select(Query.Select s) {
        out.append(s.distinct() ? "SELECT DISTINCT " : "SELECT ");
        selectItems(s.items());
        if (!s.from().isEmpty()) {
            out.append(" FROM ");
            for (int i = 0; i < s.from().size(); i++) {
                out.append(i > 0 ? ", " : "");
                fromItem(s.from().get(i));
            }
        }
        where(s.where());
        if (!s.groupBy().isEmpty()) {
            out.append(" GROUP BY ");
            exprs(s.groupBy());
        }
        if (s.having() != null) {
            out.append(" HAVING ");
            expr(s.having());
        }
    }

    private void selectItems(List<Query.SelectItem> items) {
        for (int i = 0; i < items.size(); i++) {
            Query.SelectItem item = items.get(i);
            out.append(i > 0 ? ", " : "");
            expr(item.expr());
            if (item.alias() != null) {
                out.append(" AS ").append(identifier(item.alias()));
            }
        }
    }

    private void fromItem(FromItem item) {
        if (item instanceof FromItem.Table t) {
            table(t);
        } else if (item instanceof FromItem.Subquery s) {
            out.append('(');
            query(s.query());
            out.append(')');
            alias(s.alias(), s.columnAliases());
        } else if (item instanceof FromItem.Join j) {
            // Joins chain to the left: only a join on the right needs brackets.
            fromItem(j.left());
            out.append(j.natural() ? " NATURAL " : " ").append(switch (j.type()) {
                case INNER -> "JOIN ";
                case LEFT -> "LEFT JOIN ";
                case RIGHT -> "RIGHT JOIN ";
                case FULL -> "FULL JOIN ";
                case CROSS -> "CROSS JOIN ";
            });
            boolean brackets = j.right() instanceof FromItem.Join;
            out.append(brackets ? "(" : "");
            fromItem(j.right());
            out.append(brackets ? ")" : "");
            if (j.on() != null) {
                out.append(" ON ");
                expr(j.on());
            }
            if (!j.using().isEmpty()) {
                out.append(" USING (");
                identifiers(j.using());
                out.append(')');
            }
        }
    }

    private void table(FromItem.Table t) {
        if (t.schema() != null) {
            out.append(identifier(t.schema())).append('.');
        }
        out.append(identifier(t.name()));
        alias(t.alias(), t.columnAliases());
    }

    private void alias(String alias, List<String> columns) {
        if (alias != null) {
            out.append(" AS ").append(identifier(alias));
            if (!columns.isEmpty()) {
                out.append(" (");
                identifiers(columns);
                out.append(')');
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    private void exprs(List<Expr> list) {
        for (int i = 0; i < list.size(); i++) {
            out.append(i > 0 ? ", " : "");
            expr(list.get(i));
        }
    }

    private void expr(Expr e) {
        if (e instanceof Expr.Literal l) {
            literal(l);
        } else if (e instanceof Expr.Param p) {
            out.append('$').append(p.index());
        } else if (e instanceof Expr.ColumnRef c) {
            for (int i = 0; i < c.parts().size(); i++) {
                out.append(i > 0 ? "." : "").append(identifier(c.parts().get(i)));
            }
        } else if (e instanceof Expr.Star s) {
            out.append(s.qualifier() == null ? "*" : identifier(s.qualifier()) + ".*");
        } else if (e instanceof Expr.Unary u) {
            // "- -1" must not become "--1", a comment.
            out.append('(').append(u.op()).append(' ');
            expr(u.operand());
            out.append(')');
        } else if (e instanceof Expr.Binary b) {
            binary(b);
        } else if (e instanceof Expr.Logic l) {
            out.append('(');
            for (int i = 0; i < l.operands().size(); i++) {
                out.append(i > 0 ? (l.and() ? " AND " : " OR ") : "");
                expr(l.operands().get(i));
            }
            out.append(')');
        } else if (e instanceof Expr.IsNull n) {
            out.append('(');
            expr(n.operand());
            out.append(n.not() ? " IS NOT NULL)" : " IS NULL)");
        } else if (e instanceof Expr.IsBoolean b) {
            out.append('(');
            expr(b.operand());
            out.append(b.not() ? " IS NOT " : " IS ")
                    .append(b.value() == null ? "UNKNOWN" : b.value() ? "TRUE" : "FALSE").append(')');
        } else if (e instanceof Expr.IsDistinctFrom d) {
            out.append('(');
            expr(d.left());
            out.append(d.not() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
            expr(d.right());
            out.append(')');
        } else if (e instanceof Expr.Between b) {
            out.append('(');
            expr(b.operand());
            out.append(b.not() ? " NOT BETWEEN " : " BETWEEN ").append(b.symmetric() ? "SYMMETRIC " : "");
            expr(b.low());
            out.append(" AND ");
            expr(b.high());
            out.append(')');
        } else if (e instanceof Expr.InList in) {
            out.append('(');
            expr(in.operand());
            out.append(in.not() ? " NOT IN (" : " IN (");
            exprs(in.values());
            out.append("))");
        } else if (e instanceof Expr.InQuery in) {
            out.append('(');
            expr(in.operand());
            out.append(in.not() ? " NOT IN (" : " IN (");
            query(in.query());
            out.append("))");
        } else if (e instanceof Expr.Exists x) {
            out.append("EXISTS (");
            query(x.query());
            out.append(')');
        } else if (e instanceof Expr.ScalarQuery s) {
            out.append('(');
            query(s.query());
            out.append(')');
        } else if (e instanceof Expr.Quantified q) {
            out.append('(');
            expr(q.operand());
            out.append(' ').append(q.op()).append(q.all() ? " ALL (" : " ANY (");
            query(q.query());
            out.append("))");
        } else if (e instanceof Expr.Like l) {
            out.append('(');
            expr(l.operand());
            out.append(l.not() ? " NOT" : "").append(l.caseInsensitive() ? " ILIKE " : " LIKE ");
            expr(l.pattern());
            if (l.escape() != null) {
                out.append(" ESCAPE ");
                expr(l.escape());
            }
            out.append(')');
        } else if (e instanceof Expr.Case c) {
            out.append("CASE");
            if (c.operand() != null) {
                out.append(' ');
                expr(c.operand());
            }
            for (Expr.When w : c.whens()) {
                out.append(" WHEN ");
                expr(w.condition());
                out.append(" THEN ");
                expr(w.result());
            }
            if (c.otherwise() != null) {
                out.append(" ELSE ");
                expr(c.otherwise());
            }
            out.append(" END");
        } else if (e instanceof Expr.Cast c) {
            out.append('(');
            expr(c.operand());
            out.append("::");
            type(c.type());
            out.append(')');
        } else if (e instanceof Expr.Call c) {
            call(c);
        } else if (e instanceof Expr.Default d) {
            out.append("DEFAULT");
        }
    }

    /**
     * A binary operator; the left operands that continue a chain of the same precedence level are written
     * without brackets, walked by a loop so a long chain costs no stack.
     */
    private void binary(Expr.Binary top) {
        int level = level(top.op());
        List<Expr.Binary> spine = new ArrayList<>();
        Expr left = top;
        while (left instanceof Expr.Binary b && level(b.op()) == level && level != 0) {
            spine.add(b);
            left = b.left();
        }
        if (spine.isEmpty()) {
            spine.add(top);
            left = top.left();
        }
        Collections.reverse(spine);
        out.append('(');
        expr(left);
        for (Expr.Binary b : spine) {
            out.append(' ').append(b.op()).append(' ');
            expr(b.right());
        }
        out.append(')');
    }

    /** The precedence level of a left-associative operator, or 0 for comparisons, which do not chain. */
    private static int level(String op) {
        return switch (op) {
            case "^" -> 1;
            case "*", "/", "%" -> 2;
            case "+", "-" -> 3;
            case "||", "->", "->>" -> 4;
            default -> 0;
        };
    }

    private void literal(Expr.Literal l) {
        Object v = l.value();
        if (v == null) {
            out.append("NULL");
        } else if (v instanceof Boolean b) {
            out.append(b ? "TRUE" : "FALSE");
        } else if (v instanceof Long n) {
            out.append(n < 0 ? "(" + n + ")" : n.toString());
        } else if (v instanceof BigDecimal d) {
            String text = d.toString();
            // A whole NUMERIC must not read back as an integer literal: 5E0 is 5 with scale 0, a NUMERIC.
            if (l.type() == SqlType.NUMERIC && text.indexOf('.') < 0 && text.indexOf('E') < 0
                    && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                text += "E0";
            }
            out.append(d.signum() < 0 ? "(" + text + ")" : text);
        } else if (v instanceof Number n) {
            out.append(n);
        } else {
            out.append(string(v.toString()));
        }
    }

    private void call(Expr.Call c) {
        String name = c.name();
        List<Expr> args = c.args();
        if (!c.distinct() && !c.star()) {
            if (args.isEmpty() && ExpressionParser.NO_PAREN_FUNCTIONS.contains(name)) {
                out.append(name.toUpperCase());
                return;
            }
            if (name.equals("extract") && args.size() == 2) {
                out.append("EXTRACT(");
                expr(args.get(0));
                out.append(" FROM ");
                expr(args.get(1));
                out.append(')');
                return;
            }
            if (name.equals("position") && args.size() == 2) {
                out.append("POSITION(");
                expr(args.get(0));
                out.append(" IN ");
                expr(args.get(1));
                out.append(')');
                return;
            }
        }
        boolean plain = !name.equals("extract") && !name.equals("position")
                && (SPECIAL_CALLS.contains(name) || Keywords.FUNCTION_NAMES.contains(name)
                || SIMPLE.matcher(name).matches() && !Keywords.isReserved(name) && !Keywords.SPECIAL.contains(name));
        if (plain || name.indexOf('.') >= 0 && !name.startsWith(".") && !name.endsWith(".")) {
            out.append(plain ? name : qualified(name));
        } else {
            out.append(identifier(name));
        }
        out.append('(');
        if (c.star()) {
            out.append('*');
        } else {
            out.append(c.distinct() ? "DISTINCT " : "");
            exprs(args);
        }
        out.append(')');
    }

    private static String qualified(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            sb.append(sb.isEmpty() ? "" : ".").append(identifier(part));
        }
        return sb.toString();
    }

    private void type(TypeName t) {
        String name = t.name();
        String zone = null;
        if ((name.startsWith("timestamp ") || name.startsWith("time ")) && name.endsWith(" time zone")) {
            int space = name.indexOf(' ');
            zone = name.substring(space);
            name = name.substring(0, space);
        }
        if (name.indexOf('.') >= 0) {
            out.append(qualified(name));
        } else if (Pattern.matches("[a-z_][a-z0-9_$]*( [a-z]+)*", name) && !Keywords.isReserved(name)
                && !name.equals("interval") && !name.equals("setof")) {
            out.append(name);
        } else {
            out.append(identifier(name));
        }
        if (!t.modifiers().isEmpty()) {
            out.append('(');
            for (int i = 0; i < t.modifiers().size(); i++) {
                out.append(i > 0 ? ", " : "").append(t.modifiers().get(i));
            }
            out.append(')');
        }
        if (zone != null) {
            out.append(zone);
        }
    }
}
