namespace EduFlows.StaffDirectory;

/// <summary>
/// A deterministic county at the seed's scale (Qingzhou, 2017): 8,950 school staff in schools of every section,
/// 18 bureau departments with heads, 20 researchers and 54 reserve researchers, 195 reserve principals, 127 deputy
/// leaders, the 4 training bases of the shadow-training programme, and a pool of external judges.
/// </summary>
public static class DemoCounty
{
    /// <summary>School staff in the county-wide reallocation.</summary>
    public const int SchoolStaff = 8950;

    /// <summary>The date ages and tenures are reckoned from, so the same county is generated every day.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 9, 1);

    /// <summary>Members of the bureau leadership (post "bureau-leader"), the last staff generated; the first is the director.</summary>
    public const int BureauLeaders = 5;

    private const int Seed = 2017;

    /// <summary>
    /// The latest year whose <paramref name="month"/>/<paramref name="day"/> is on or before <paramref name="today"/>:
    /// the year a demo ending on that day is wholly past in, so what it records (check-ins, attendance) has happened.
    /// </summary>
    public static int LastYearBy(DateOnly today, int month, int day) => today >= new DateOnly(today.Year, month, day) ? today.Year : today.Year - 1;

    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "贾", "夏", "付", "方", "孟", "秦", "江", "尹", "薛", "段", "雷", "侯", "史", "陶", "贺", "顾", "毛", "郝", "邵",
    ];

    private static readonly string[] FemaleGiven = ["芳", "娜", "静", "敏", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "萍", "红", "洁", "琳", "倩", "颖", "欣", "晓", "梅", "兰", "莉"];

    private static readonly string[] MaleGiven = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "鹏", "辉", "斌", "波", "峰", "浩", "宇", "健", "亮", "凯", "建", "国", "东", "海"];

    private static readonly string[] Towns =
    [
        "王府街道", "益都街道", "云门山街道", "黄楼街道", "弥河镇", "王坟镇", "庙子镇", "邵庄镇", "高柳镇", "何官镇", "东夏镇", "谭坊镇",
    ];

    private static readonly string[] DepartmentNames =
    [
        "办公室", "组织人事科", "基础教育科", "教研室", "督导室", "计划财务科", "职业与成人教育科", "学前教育科", "安全管理科", "体卫艺科",
        "招生考试中心", "教育装备中心", "电化教育中心", "教师发展中心", "学生资助中心", "政策法规科", "宣传信息科", "后勤服务中心",
    ];

    private static readonly (string Section, int Count, string Suffix)[] SchoolPlan =
    [
        ("kindergarten", 28, "幼儿园"), ("primary", 46, "小学"), ("junior", 18, "初级中学"), ("senior", 6, "高级中学"), ("nine-year", 10, "学校"), ("vocational", 2, "职业学校"),
    ];

    private static readonly (string Name, string Section, int Capacity)[] Bases =
    [
        ("旗城学校", "nine-year", 8), ("海岱学校", "nine-year", 8), ("云门书院双语学校", "nine-year", 6), ("西苑小学", "primary", 6),
    ];

    /// <summary>Generates the county; the same every time.</summary>
    public static DemoCountyData Generate()
    {
        var random = new Random(Seed);
        var schools = BuildSchools(random);
        var departments = DepartmentNames.Select((name, i) => new Department($"dep-{i + 1:D2}", name, null, name == "教研室", name == "办公室")).ToList();
        var staff = new List<StaffMember>(SchoolStaff + 200);
        int next = 0;
        string NewId() => $"stf-{++next:D5}";

        // School staff: a principal each, 127 deputies, mid-level leaders, then teachers (one in five a head teacher).
        var schoolWeights = schools.Select(s => s.Section switch { "senior" => 5.0, "nine-year" => 3.5, "junior" => 3.0, "vocational" => 3.0, "primary" => 1.8, _ => 0.7 }).ToArray();
        double totalWeight = schoolWeights.Sum();
        int deputiesLeft = 127;
        var principals = new Dictionary<string, string>();
        for (int i = 0; i < schools.Count; i++)
        {
            var school = schools[i];
            var principal = Person(random, NewId(), "principal", school, departmentId: null, age: random.Next(44, 58), tenureMax: 12);
            staff.Add(principal);
            principals[school.Id] = principal.Id;
            int deputies = i < 17 ? 2 : 1;
            for (int d = 0; d < deputies && deputiesLeft > 0; d++, deputiesLeft--)
            {
                staff.Add(Person(random, NewId(), "vice-principal", school, null, random.Next(38, 56), 10));
            }

            for (int m = 0; m < 2 + (int)schoolWeights[i]; m++)
            {
                staff.Add(Person(random, NewId(), "mid-level-leader", school, null, random.Next(32, 55), 12));
            }
        }

        int teachersNeeded = SchoolStaff - staff.Count;
        var teacherSchools = new List<School>(teachersNeeded);
        for (int i = 0; i < schools.Count; i++)
        {
            teacherSchools.AddRange(Enumerable.Repeat(schools[i], (int)Math.Round(teachersNeeded * schoolWeights[i] / totalWeight)));
        }

        while (teacherSchools.Count < teachersNeeded)
        {
            teacherSchools.Add(schools[random.Next(schools.Count)]);
        }

        foreach (var school in teacherSchools.Take(teachersNeeded))
        {
            string post = random.Next(5) == 0 ? "head-teacher" : "teacher";
            staff.Add(Person(random, NewId(), post, school, null, random.Next(23, 60), 30));
        }

        // Reserve principals come from mid-level leaders first, then experienced teachers.
        var reservePrincipals = staff.Where(s => s.Post == "mid-level-leader").Concat(staff.Where(s => s.Post == "head-teacher" && s.Age(ReferenceDate) >= 32)).Take(195).Select(s => s.Id).ToHashSet();

        // Reserve researchers: 18 teachers per research section.
        var reserveResearchers = new HashSet<string>();
        foreach (string section in new[] { "primary", "junior", "senior" })
        {
            reserveResearchers.UnionWith(staff.Where(s => s.Post == "teacher" && s.Section == section && s.Age(ReferenceDate) is >= 30 and <= 45).Take(18).Select(s => s.Id));
        }

        for (int i = 0; i < staff.Count; i++)
        {
            staff[i] = staff[i] with { ReservePrincipal = reservePrincipals.Contains(staff[i].Id), ReserveResearcher = reserveResearchers.Contains(staff[i].Id) };
        }

        // Bureau: a head and three cadres per department; the teaching-research office's 20 researchers (7/7/6 by section).
        for (int d = 0; d < departments.Count; d++)
        {
            var department = departments[d];
            if (department.TeachingResearchOffice)
            {
                for (int r = 0; r < 20; r++)
                {
                    string section = r < 7 ? "primary" : r < 14 ? "junior" : "senior";
                    // Several researchers are over 48 with eight or more years in post, as the seed describes.
                    var researcher = Person(random, NewId(), "researcher", null, department.Id, r % 3 == 0 ? random.Next(49, 57) : random.Next(36, 56), r % 3 == 0 ? 14 : 10, section, minTenure: r % 3 == 0 ? 8 : 0);
                    staff.Add(researcher);
                    if (r == 0)
                    {
                        departments[d] = department with { HeadId = researcher.Id };
                    }
                }

                continue;
            }

            var head = Person(random, NewId(), "bureau-cadre", null, department.Id, random.Next(42, 57), 10);
            staff.Add(head);
            departments[d] = department with { HeadId = head.Id };
            for (int c = 0; c < 3; c++)
            {
                staff.Add(Person(random, NewId(), "bureau-cadre", null, department.Id, random.Next(28, 57), 12));
            }
        }

        // External judges for panels: experts, retired principals, retired bureau cadres.
        foreach (var (post, count) in new[] { ("external-expert", 16), ("retired-principal", 12), ("retired-cadre", 8) })
        {
            for (int e = 0; e < count; e++)
            {
                staff.Add(Person(random, NewId(), post, null, null, random.Next(55, 70), 0));
            }
        }

        // Bureau leadership (局班子成员): the director and four deputies, who judge duty reviews and read the monthly summary.
        // Appended last so that every id above stays as it was.
        for (int l = 0; l < BureauLeaders; l++)
        {
            staff.Add(Person(random, NewId(), "bureau-leader", null, null, random.Next(45, 57), 8));
        }

        schools = [.. schools.Select(s => s with { PrincipalId = principals[s.Id] })];
        var bases = Bases.Select((b, i) => new TrainingBase($"base-{i + 1}", schools.First(s => s.Name == b.Name).Id, b.Name, b.Capacity)).ToList();
        return new DemoCountyData(schools, departments, staff, bases);
    }

    private static List<School> BuildSchools(Random random)
    {
        var schools = new List<School>();
        int n = 0;
        foreach (var (name, section, _) in Bases)
        {
            schools.Add(new School($"sch-{++n:D3}", name, section, Towns[random.Next(4)], Rural: false));
        }

        foreach (var (section, count, suffix) in SchoolPlan)
        {
            int existing = schools.Count(s => s.Section == section);
            for (int i = existing; i < count; i++)
            {
                string town = Towns[(i + section.Length) % Towns.Length];
                string place = town[..2];
                string name = section is "senior" or "vocational" ? $"青州第{i + 1}{suffix}" : $"{place}{(i / Towns.Length) switch { 0 => "中心", 1 => "第二", 2 => "第三", _ => $"第{(i / Towns.Length) + 1}" }}{suffix}";
                schools.Add(new School($"sch-{++n:D3}", name, section, town, Rural: town.EndsWith('镇')));
            }
        }

        return schools;
    }

    private static StaffMember Person(
        Random random, string id, string post, School? school, string? departmentId, int age, int tenureMax, string? researchSection = null, int minTenure = 0)
    {
        bool female = random.Next(100) < (post is "teacher" or "head-teacher" ? 68 : 45);
        string name = Surnames[random.Next(Surnames.Length)] + Given(random, female) + (random.Next(3) == 0 ? Given(random, female) : string.Empty);
        var born = ReferenceDate.AddYears(-age).AddDays(-random.Next(365));
        var hired = born.AddYears(21 + random.Next(4)).AddDays(random.Next(200));
        if (hired > ReferenceDate)
        {
            hired = ReferenceDate.AddDays(-30);
        }

        bool external = DirectoryVocabulary.ExternalPosts.Contains(post);
        int maxTenureYears = Math.Max(minTenure, Math.Min(tenureMax, ReferenceDate.Year - hired.Year));
        var since = external ? (DateOnly?)null : ReferenceDate.AddYears(-random.Next(minTenure, maxTenureYears + 1)).AddDays(-random.Next(200));
        if (since < hired)
        {
            since = hired;
        }

        string section = researchSection ?? school?.Section switch
        {
            "nine-year" => random.Next(2) == 0 ? "primary" : "junior",
            { } s => s,
            null => "senior",
        };
        string subject = section switch
        {
            "kindergarten" => "early-childhood",
            "vocational" => "vocational",
            "primary" => Pick(random, "chinese", "mathematics", "english", "science", "music", "art", "physical-education"),
            _ => Pick(random, "chinese", "mathematics", "english", "physics", "chemistry", "biology", "politics", "history", "geography", "information-technology"),
        };
        bool schoolPost = school is not null;
        return new StaffMember
        {
            Id = id,
            Name = name,
            Gender = female ? "female" : "male",
            BirthDate = born,
            Email = $"{id}@qz.example.cn",
            Mobile = $"1{random.Next(3, 10)}{random.Next(100_000_000, 999_999_999)}",
            SchoolId = school?.Id,
            DepartmentId = departmentId,
            Post = post,
            Subject = schoolPost || post == "researcher" ? subject : null,
            Section = schoolPost || post == "researcher" ? section : null,
            Title = external ? null : Pick(random, age < 30 ? ["second-grade", "first-grade"] : age < 45 ? ["first-grade", "senior"] : ["senior", "senior", "professor-level"]),
            HireDate = external ? null : hired,
            PostSince = since,
        };
    }

    private static string Given(Random random, bool female) => female ? FemaleGiven[random.Next(FemaleGiven.Length)] : MaleGiven[random.Next(MaleGiven.Length)];

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}

/// <summary>The generated county.</summary>
public sealed record DemoCountyData(
    IReadOnlyList<School> Schools, IReadOnlyList<Department> Departments, IReadOnlyList<StaffMember> Staff, IReadOnlyList<TrainingBase> TrainingBases);
