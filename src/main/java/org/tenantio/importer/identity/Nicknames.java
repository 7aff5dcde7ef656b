package org.tenantio.importer.identity;

import java.util.HashMap;
import java.util.Map;

/** Common English short forms of given names: Jon and Jonathan are one name for matching. */
final class Nicknames {

    private static final Map<String, String> CANONICAL = new HashMap<>();

    static {
        group("jonathan", "jon", "jonny", "johnny");
        group("john", "jack", "johnny");
        group("william", "bill", "billy", "will", "willy", "liam");
        group("robert", "bob", "bobby", "rob", "robbie", "bert");
        group("richard", "rick", "ricky", "dick", "rich");
        group("elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby");
        group("margaret", "maggie", "meg", "peggy", "marge");
        group("katherine", "kate", "katie", "kathy", "kat", "catherine", "cathy");
        group("michael", "mike", "mick", "mikey");
        group("james", "jim", "jimmy", "jamie");
        group("thomas", "tom", "tommy");
        group("alexander", "alex", "sandy", "xander");
        group("alexandra", "alex", "sandra", "lexi");
        group("christopher", "chris", "kit");
        group("daniel", "dan", "danny");
        group("david", "dave", "davy");
        group("edward", "ed", "eddie", "ted", "ned");
        group("joseph", "joe", "joey");
        group("matthew", "matt");
        group("nicholas", "nick", "nicky");
        group("samuel", "sam", "sammy");
        group("samantha", "sam", "sammy");
        group("steven", "steve", "stephen");
        group("timothy", "tim", "timmy");
        group("anthony", "tony");
        group("benjamin", "ben", "benny");
        group("charles", "charlie", "chuck");
        group("jennifer", "jen", "jenny");
        group("rebecca", "becky", "becca");
        group("susan", "sue", "susie");
        group("patricia", "pat", "patty", "trish");
        group("victoria", "vicky", "tori");
        group("andrew", "andy", "drew");
        group("peter", "pete");
        group("frederick", "fred", "freddie");
    }

    private Nicknames() {
    }

    private static void group(String name, String... shortForms) {
        CANONICAL.putIfAbsent(name, name);
        for (String s : shortForms) {
            CANONICAL.putIfAbsent(s, name);
        }
    }

    static boolean same(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        String ca = CANONICAL.get(a);
        String cb = CANONICAL.get(b);
        return ca != null && ca.equals(cb);
    }
}
