package io.distdb.sql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable table definition as stored in the catalog. DDL replaces the whole definition, so readers
 * that hold one see a consistent table. {@code documents} marks the read-only view of a document collection.
 */
public record TableDef(int id, String name, List<ColumnDef> columns, List<String> primaryKey, List<IndexDef> indexes,
                       boolean documents) {

    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    /** Position of a column, -1 if absent (hidden columns are found too; callers decide). */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    public ColumnDef column(int index) {
        return columns.get(index);
    }

    @JsonIgnore
    public int[] primaryKeySlots() {
        int[] slots = new int[primaryKey.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = columnIndex(primaryKey.get(i));
        }
        return slots;
    }

    @JsonIgnore
    public int[] slots(List<String> names) {
        int[] slots = new int[names.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = columnIndex(names.get(i));
        }
        return slots;
    }

    @JsonIgnore
    public boolean hasRowId() {
        return primaryKey.size() == 1 && primaryKey.get(0).equals(ColumnDef.ROW_ID);
    }

    @JsonIgnore
    public List<ColumnDef> visibleColumns() {
        return columns.stream().filter(c -> !c.hidden()).toList();
    }

    public IndexDef index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst().orElse(null);
    }

    public TableDef withColumns(List<ColumnDef> newColumns) {
        return new TableDef(id, name, newColumns, primaryKey, indexes, documents);
    }

    public TableDef withName(String newName) {
        return new TableDef(id, newName, columns, primaryKey, indexes, documents);
    }

    public TableDef withPrimaryKey(List<String> newPrimaryKey) {
        return new TableDef(id, name, columns, newPrimaryKey, indexes, documents);
    }

    public TableDef withIndexes(List<IndexDef> newIndexes) {
        return new TableDef(id, name, columns, primaryKey, newIndexes, documents);
    }

    public TableDef withIndex(IndexDef index) {
        List<IndexDef> all = new ArrayList<>(indexes);
        all.add(index);
        return withIndexes(all);
    }
}
