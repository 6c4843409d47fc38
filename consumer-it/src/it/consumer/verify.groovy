// Checks what the three runs of the consumer (invoker.properties) did and left behind. The JUnit versions come from
// the invoker's scriptVariables (consumer-it/pom.xml).
def log = new File(basedir, 'build.log').text

// runs 1 and 2 passed on the JUnit they were given: each appends the versions of Jupiter API, Jupiter engine,
// Platform engine and Platform launcher it ran on
def runs = new File(basedir, 'junit-versions.txt').readLines()*.trim()
assert runs*.tokenize()*.getAt(0) == [junitOldest, junitNewest] : "JUnit versions the tests ran on: ${runs}"
runs*.tokenize().each { v ->
    assert v[1] == v[0] : "Jupiter engine ${v[1]} beside Jupiter API ${v[0]}"
    assert v[3] == v[2] : "Platform launcher ${v[3]} beside Platform engine ${v[2]}"
}

// run 3 failed with the testkit's message, not with a linkage error
assert log.contains("gitops4j-testkit needs JUnit Jupiter 5.10.0 or newer, but the test class path has "
        + "junit-jupiter-api ${junitTooOld}") : 'no JUnit version message in build.log'
assert !log.contains('NoSuchMethodError') && !log.contains('NoClassDefFoundError')

// a test-scoped SLF4J provider keeps the build quiet
assert !log.contains('No SLF4J providers were found')

// nothing left in the tests' temporary directory: fixtures, mirrors, snapshots, kubeconfigs all cleaned up
def left = new File(basedir, 'tmp').list() as List
assert left.isEmpty() : "left in the tests' temporary directory: ${left}"
return true
