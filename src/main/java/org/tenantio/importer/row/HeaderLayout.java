package org.tenantio.importer.row;

import org.tenantio.importer.row.ColumnMapping;
import org.tenantio.importer.row.MappingDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each mapped column sits in a particular file's header, which required columns the
 * header lacks, and which header columns the mapping does not know (schema drift).
 */
public record HeaderLayout(
        List<String> header,
        Map<ColumnMapping, Integer> positions,
        List<String> missingRequired,
        List<String> unmapped) {

    public static HeaderLayout resolve(MappingDefinition mapping, List<String> header) {
        Map<ColumnMapping, Integer> positions = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean[] used = new boolean[header.size()];
        for (ColumnMapping column : mapping.columns()) {
            int index = indexOf(column, header, used);
            if (index >= 0) {
                positions.put(column, index);
                used[index] = true;
            } else if (column.required()) {
                missing.add(column.source());
            }
        }
        List<String> unmapped = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!used[i] && !header.get(i).isBlank()) {
                unmapped.add(header.get(i));
            }
        }
        return new HeaderLayout(List.copyOf(header), positions, List.copyOf(missing), List.copyOf(unmapped));
    }

    private static int indexOf(ColumnMapping column, List<String> header, boolean[] used) {
        for (int i = 0; i < header.size(); i++) {
            if (!used[i] && column.matchesHeader(header.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public boolean acceptable() {
        return missingRequired.isEmpty();
    }
}
